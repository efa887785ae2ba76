//! The root component: it owns the reducer and wires the views to it.

use super::banners::{banners_view, crash_view, Crash};
use super::compare::ComparePane;
use super::controls::controls;
use super::diagram::Diagram;
use super::editor::{CodeError, Editor};
use super::ending::ending_view;
use super::hooks::{
    choose_preset, initial_state, on_click, slide, use_address_and_draft, use_compact,
    use_compare_engine, use_debounced_rerun, use_document_lang, use_engine, use_playback,
    use_select_value, use_shortcuts, use_shown_signal, use_state_at, use_sweep_engine,
};
use super::machine::MachinePanel;
use super::predict::{AwaitTree, PredictPanel};
use super::sweep::SweepPanel;
use super::timeline::{Shown, Timeline};
use super::topbar::topbar;
use crate::i18n::{say, texts, Lang, Phrase};
use crate::link::address;
use crate::link::scenario::Scenario;
use crate::model::compare;
use crate::model::presets;
use crate::model::run::{task_colour, Ending, Run};
use crate::model::state::{Action, Speed, State};
use crate::model::timeline_layout::Window;
use crate::model::words;
use crate::platform;
use crate::platform::engine_client::Engine;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        self.apply_shared(action)
    }
}

/// The console shows at most this many of the latest lines, so a program
/// that prints ten thousand lines does not make every frame re-render them.
const CONSOLE_MAX: usize = 300;

/// The whole playground page.
#[component(App)]
pub fn app() -> Html {
    let initial = use_memo((), |_| initial_state());
    let banners = {
        let initial = initial.clone();
        use_state(move || initial.1.clone())
    };
    let state = use_reducer(move || initial.0.clone());
    let lang = state.lang;
    let t = texts(lang);
    use_document_lang(lang);
    use_shown_signal(&state);
    let compact = use_compact();
    use_playback(&state);
    use_address_and_draft(&state, &banners);
    use_debounced_rerun(&state);
    let crash = use_state(|| None::<Crash>);
    let engine = use_engine(&state, &crash);
    use_sweep_engine(&state);
    use_compare_engine(&state);
    let shared_window = use_state(|| Window::fit(1.0));
    let compare_shown = use_state(Shown::default);
    use_shortcuts(&state);
    let focus_line = use_state(|| None::<u32>);
    let shown = use_state(Shown::default);
    // Which view of the diagram panel is shown: a choice of this page only,
    // like an open list, so it stays out of the reducer and the link.
    let tree_tab = use_state(|| false);
    // The diagram panel's two tabs follow the ARIA tabs pattern: one tab
    // stop, the arrow keys (and Home, End) choose the other tab and move
    // the focus to it.
    let diagram_tab_ref = use_node_ref();
    let tree_tab_ref = use_node_ref();
    let on_tab_key = {
        let (tab, diagram_ref, tree_ref) = (
            tree_tab.clone(),
            diagram_tab_ref.clone(),
            tree_tab_ref.clone(),
        );
        Callback::from(move |e: KeyboardEvent| {
            let tree = match e.key().as_str() {
                "ArrowLeft" | "ArrowRight" => !*tab,
                "Home" => false,
                "End" => true,
                _ => return,
            };
            e.prevent_default();
            // The playback shortcuts must not also take the key.
            e.stop_propagation();
            tab.set(tree);
            let target = if tree { &tree_ref } else { &diagram_ref };
            crate::platform::document::focus(target.cast::<web_sys::Element>());
        })
    };

    let run: Rc<Run> = Rc::clone(&state.run);
    let cursor = state.cursor;
    let compare_run = state.compare.as_ref().map(|c| Rc::clone(&c.run));
    let divergence = use_memo(
        (
            Rc::clone(&run),
            compare_run.clone(),
            state.lang,
            state.fold(),
        ),
        |(run, other, lang, fold)| {
            other
                .as_ref()
                .filter(|o| !o.is_empty() && !run.is_empty())
                .map(|o| compare::sentence(*lang, run, o, *fold))
        },
    );
    let view = use_state_at(&run, cursor);

    let handlers = handlers(&state, &engine);
    let marks = editor_marks(&run, &view, cursor);
    let code_error = code_error(lang, &run, cursor);
    let printed = run.console_len_at(cursor);
    let selected = state.preset.map(|p| p.id).unwrap_or("");
    let preset_ref = use_select_value(selected.to_string());
    let lang_ref = use_select_value(lang.code().to_string());
    let speed_ref = use_select_value(state.speed.key().to_string());
    let at_end = cursor >= run.len();

    let sliders_view = sliders(&state, &engine);
    let machine_view = machine_view(&state);
    let controls_view = controls(
        &state,
        &run,
        &speed_ref,
        handlers.on_speed.clone(),
        handlers.on_scrub.clone(),
    );
    let diagram_view = diagram_pane(
        &state,
        &run,
        &view,
        compact,
        &tree_tab,
        [&diagram_tab_ref, &tree_tab_ref],
        on_tab_key,
        divergence.as_ref().as_ref(),
        controls_view,
    );
    let timeline_view = timelines(
        &state,
        &run,
        &handlers,
        &shown,
        &compare_shown,
        &shared_window,
    );
    let compare_pane = html! { <ComparePane state={state.clone()} compact={compact} /> };
    let banners_view = html! {
        <>
            { crash_view(lang, &crash) }
            { banners_view(lang, &banners, &state) }
        </>
    };

    let panes = Panes {
        banners: banners_view,
        diagram: diagram_view,
        compare: compare_pane,
        sliders: sliders_view,
        machine: machine_view,
        timeline: timeline_view,
    };
    if state.embed {
        return embed_page(&state, compact, panes);
    }
    let top = topbar(
        &state,
        &run,
        compact,
        &shown,
        &preset_ref,
        &lang_ref,
        handlers.on_preset,
        handlers.on_lang,
    );
    let editor = html! {
        <Editor source={AttrValue::from(state.source.clone())} marks={marks} error={code_error}
                focus_line={*focus_line} on_edit={handlers.on_edit} label={t.python_source} lang={lang} />
    };
    let console = console_pane(
        lang,
        &run,
        printed,
        at_end,
        &handlers.on_seek_event,
        &focus_line,
    );
    full_page(&state, compact, top, editor, console, panes)
}

/// The page's event handlers that [`App`] hands to its parts.
struct Handlers {
    /// The example menu.
    on_preset: Callback<Event>,
    /// An edit of the code.
    on_edit: Callback<String>,
    /// The speed menu.
    on_speed: Callback<Event>,
    /// The language menu.
    on_lang: Callback<Event>,
    /// A seek to a virtual time (pauses first).
    on_seek: Callback<f64>,
    /// The scrubber's input.
    on_scrub: Callback<InputEvent>,
    /// A seek to after the first `n` events.
    on_seek_cursor: Callback<usize>,
    /// Folding asyncio.run's machinery.
    on_fold: Callback<bool>,
    /// The timeline's axis.
    on_axis: Callback<crate::model::timeline_layout::Axis>,
    /// A seek to just after an event.
    on_seek_event: Callback<usize>,
}

/// The handlers, each dispatching to `state`.  [`App`] runs on every seek;
/// its parts are functions of their own, kept out of it, because the
/// browser compiles a function again, optimised, once it has run enough,
/// and the time that takes grows faster than the function: the whole page
/// in one function took 70 ms to optimise, on the other core, during the
/// first seeks of a session.
#[inline(never)]
fn handlers(state: &UseReducerHandle<State>, engine: &Rc<RefCell<Option<Engine>>>) -> Handlers {
    let on_preset = {
        let (state, engine) = (state.clone(), engine.clone());
        Callback::from(move |e: Event| {
            let id = e.target_unchecked_into::<HtmlSelectElement>().value();
            choose_preset(&state, &engine, &id);
        })
    };
    let on_edit = {
        let state = state.clone();
        Callback::from(move |source: String| state.dispatch(Action::Edit(source)))
    };
    let on_seek = {
        let state = state.clone();
        Callback::from(move |t: f64| {
            state.dispatch(Action::Pause);
            state.dispatch(Action::SeekTime(t));
        })
    };
    let on_scrub = on_seek.reform(|e: InputEvent| {
        let input: HtmlInputElement = e.target_unchecked_into();
        input.value().parse::<f64>().unwrap_or(f64::NAN)
    });
    let on_seek_cursor = {
        let state = state.clone();
        Callback::from(move |n: usize| state.dispatch(Action::SeekCursor(n)))
    };
    let on_fold = {
        let state = state.clone();
        Callback::from(move |fold| state.dispatch(Action::SetFold(fold)))
    };
    let on_axis = {
        let state = state.clone();
        Callback::from(move |axis| state.dispatch(Action::SetAxis(axis)))
    };
    let on_seek_event = {
        let state = state.clone();
        Callback::from(move |i: usize| state.dispatch(Action::SeekEvent(i)))
    };
    Handlers {
        on_preset,
        on_edit,
        on_speed: on_select(state, |v| Speed::from_key(v).map(Action::SetSpeed)),
        on_lang: on_select(state, |v| Lang::from_code(v).map(Action::SetLang)),
        on_seek,
        on_scrub,
        on_seek_cursor,
        on_fold,
        on_axis,
        on_seek_event,
    }
}

/// Each live task's current line after `cursor` events, with the tasks'
/// colours, for the editor.
#[inline(never)]
fn editor_marks(
    run: &Run,
    view: &loopscope_sim::State,
    cursor: usize,
) -> BTreeMap<u32, Vec<usize>> {
    let mut marks: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (task, line) in run.lines_at(cursor) {
        let live = view.tasks.get(&task).is_some_and(|t| {
            !matches!(
                t.status,
                loopscope_sim::TaskStatus::Done
                    | loopscope_sim::TaskStatus::Failed
                    | loopscope_sim::TaskStatus::Cancelled
            )
        });
        if live {
            marks.entry(line).or_default().push(task_colour(task));
        }
    }
    marks
}

/// The error the editor underlines after `cursor` events, if any.
#[inline(never)]
fn code_error(lang: Lang, run: &Run, cursor: usize) -> Option<CodeError> {
    match &run.ending {
        Ending::Rejected { line, col, why } => Some(CodeError {
            line: *line,
            col: *col,
            width: 0,
            message: Some(crate::model::words::rejection(lang, why)),
        }),
        // Once the run has reached its end, the statement that raised is
        // underlined; the traceback box below says what it raised.
        Ending::Raised { at, .. } if cursor >= run.len() => at.map(|site| CodeError {
            line: site.line,
            col: site.col,
            width: site.width,
            message: None,
        }),
        _ => None,
    }
}

/// The machine's settings (the GIL switch and the cores), when the program offers them.
#[inline(never)]
fn machine_view(state: &UseReducerHandle<State>) -> Html {
    if !state.offers_gil_switch() {
        return html! {};
    }
    let st = state.clone();
    html! {
        <MachinePanel gil={state.gil} cores={state.cores} code_costs_time={state.cpu_speed.is_some()}
                      lang={state.lang} on_action={Callback::from(move |a| st.dispatch(a))} />
    }
}

/// The timeline, and the compared run's under it on the same axis.
#[inline(never)]
fn timelines(
    state: &UseReducerHandle<State>,
    run: &Rc<Run>,
    handlers: &Handlers,
    shown: &UseStateHandle<Shown>,
    compare_shown: &UseStateHandle<Shown>,
    shared_window: &UseStateHandle<Window>,
) -> Html {
    let lang = state.lang;
    let t = texts(lang);
    let span = state.compare.as_ref().map(|_| state.span());
    let window = span.map(|_| shared_window.clone());
    let compare_timeline = match (&state.compare, span) {
        (Some(c), Some(span)) => {
            // A marker of the compared run seeks the shared playhead to its time.
            let on_seek_compared = {
                let state = state.clone();
                let run = Rc::clone(&c.run);
                Callback::from(move |i: usize| state.dispatch(Action::SeekTime(run.time_at(i + 1))))
            };
            let title = c.preset.map_or(t.compare_copy, |p| p.title(lang));
            html! {
                <>
                    <h3 class="compare-timeline-heading">{ format!("{} · {}", t.compare_heading, title) }</h3>
                    <Timeline run={Rc::clone(&c.run)} clock={state.clock} cursor={state.compare_cursor()} axis={state.axis()} on_axis={handlers.on_axis.clone()}
                              fold={state.fold()} on_fold={handlers.on_fold.clone()} on_seek={handlers.on_seek.clone()} on_seek_cursor={handlers.on_seek_cursor.clone()}
                              on_seek_event={on_seek_compared} lang={lang} shown={(**compare_shown).clone()}
                              span={span} window={window.clone()} tools={false} testid="compare-timeline" />
                </>
            }
        }
        _ => html! {},
    };
    html! {
        <>
            <Timeline run={Rc::clone(run)} clock={state.clock} cursor={state.cursor} axis={state.axis()} on_axis={handlers.on_axis.clone()}
                      fold={state.fold()} on_fold={handlers.on_fold.clone()}
                      on_seek={handlers.on_seek.clone()} on_seek_cursor={handlers.on_seek_cursor.clone()} on_seek_event={handlers.on_seek_event.clone()}
                      lang={lang} shown={(**shown).clone()} span={span} window={window} />
            { compare_timeline }
        </>
    }
}

/// The full page (not embedded): the top bar, the banners, the example's
/// notice and the workspace's panes.
#[inline(never)]
fn full_page(
    state: &UseReducerHandle<State>,
    compact: bool,
    top: Html,
    editor: Html,
    console: Html,
    panes: Panes,
) -> Html {
    let t = texts(state.lang);
    html! {
        <div class={classes!("app", state.outdated().then_some("stale"))}>
            { top }
            { panes.banners }
            { notice_row(state) }
            <main class={classes!("workspace", state.sweep.is_some().then_some("sweeping"), state.compare.is_some().then_some("comparing"))}>
                <section class="pane code-pane" aria-labelledby="code-heading">
                    <h2 id="code-heading">{ t.code }</h2>
                    { editor }
                    { panes.sliders }
                    { panes.machine }
                </section>
                <section class="pane diagram-pane" aria-labelledby="diagram-heading">
                    { panes.diagram }
                </section>
                { panes.compare }
                <SweepPanel state={state.clone()} compact={compact} />
                { console }
                <section class="pane timeline-pane" aria-labelledby="timeline-heading">
                    <h2 id="timeline-heading">{ t.timeline }</h2>
                    { panes.timeline }
                </section>
            </main>
        </div>
    }
}

/// The parts of the page that both layouts show, built once by [`App`].
struct Panes {
    /// The crash and the banners.
    banners: Html,
    /// The diagram pane's contents.
    diagram: Html,
    /// The compared run's pane.
    compare: Html,
    /// The sliders.
    sliders: Html,
    /// The machine's settings.
    machine: Html,
    /// The timeline (and the compared run's).
    timeline: Html,
}

/// The page embedded in another (`#embed=1`): the diagram, the sliders, the
/// code (folded) and the timeline, with a link to the full playground.
#[inline(never)]
fn embed_page(state: &UseReducerHandle<State>, compact: bool, panes: Panes) -> Html {
    let t = texts(state.lang);
    let full = address::share_url(
        &platform::address::page_url(),
        &Scenario {
            embed: false,
            ..state.scenario(true)
        },
    );
    html! {
        <div class={classes!("app", "embed", state.outdated().then_some("stale"))}>
            <header class="embed-bar">
                <span class="brand"><span class="logo" aria-hidden="true">{ "⟳" }</span><strong>{ "Loopscope" }</strong></span>
                <a data-testid="open-in-loopscope" href={full} target="_blank" rel="noopener noreferrer">{ t.open_in_loopscope }</a>
            </header>
            { panes.banners }
            <main class={classes!("embed-body", state.compare.is_some().then_some("comparing"))}>
                <section class="pane diagram-pane" aria-labelledby="diagram-heading">{ panes.diagram }</section>
                { panes.compare }
                if !state.sliders.is_empty() || state.offers_gil_switch() {
                    <section class="pane">{ panes.sliders }{ panes.machine }</section>
                }
                <SweepPanel state={state.clone()} compact={compact} />
                <details class="pane embed-code">
                    <summary>{ t.show_code }</summary>
                    <pre class="code-view readonly" data-testid="code-readonly">{ state.source.clone() }</pre>
                </details>
                <section class="pane timeline-pane" aria-labelledby="timeline-heading">
                    <h2 id="timeline-heading">{ t.timeline }</h2>
                    { panes.timeline }
                </section>
            </main>
        </div>
    }
}

/// The program's sliders, each with its Sweep button.
#[inline(never)]
fn sliders(state: &UseReducerHandle<State>, engine: &Rc<RefCell<Option<Engine>>>) -> Html {
    let lang = state.lang;
    let t = texts(lang);
    let dispatch = |action: Action| on_click(state, action);
    html! {
        <>
        if !state.sliders.is_empty() {
            <div class="sliders" role="group" aria-label={t.sliders_aria}>
                { for state.sliders.iter().enumerate().map(|(i, s)| {
                    let (st, engine) = (state.clone(), engine.clone());
                    let oninput = Callback::from(move |e: InputEvent| {
                        let input: HtmlInputElement = e.target_unchecked_into();
                        if let Ok(v) = input.value().parse::<f64>() {
                            slide(&st, &engine, i, v);
                        }
                    });
                    let swept = state.sweep.as_ref().is_some_and(|w| w.index == i);
                    html! {
                        <div class="slider">
                            <label class="slider-label" for={format!("slider-{i}")}>{ s.label(lang) }</label>
                            <input type="range" id={format!("slider-{i}")} data-testid="slider" aria-label={s.label(lang)}
                                   min={s.min.to_string()} max={s.max.to_string()} step={s.step.to_string()}
                                   value={s.value.to_string()} oninput={oninput} />
                            <output>{ s.format(s.value) }</output>
                            <button type="button" class="sweep-button" data-testid="sweep" aria-pressed={swept.to_string()}
                                    aria-label={say(lang, &Phrase::SweepOf(s.label(lang)))} title={say(lang, &Phrase::SweepOf(s.label(lang)))}
                                    onclick={dispatch(Action::Sweep(i))}>{ t.sweep }</button>
                        </div>
                    }
                }) }
            </div>
        }
        </>
    }
}

/// The console pane: the lines printed up to the playhead (the last
/// [`CONSOLE_MAX`] of them; a click seeks to a line's print) and how the
/// run ended, once the playhead is there.
#[inline(never)]
fn console_pane(
    lang: Lang,
    run: &Run,
    printed: usize,
    at_end: bool,
    on_seek_event: &Callback<usize>,
    focus_line: &UseStateHandle<Option<u32>>,
) -> Html {
    let t = texts(lang);
    html! {
        <section class="pane console-pane" aria-labelledby="console-heading">
            <h2 id="console-heading">{ t.console }</h2>
            if printed > CONSOLE_MAX {
                <p class="console-more">{ say(lang, &Phrase::EarlierLines(printed - CONSOLE_MAX)) }</p>
            }
            <ol class="console" data-testid="console">
                { for run.console[..printed].iter().skip(printed.saturating_sub(CONSOLE_MAX)).map(|line| {
                    let seek = on_seek_event.clone();
                    let event = line.event;
                    let colour = line.task.map(task_colour).map(|c| format!("c{c}"));
                    html! {
                        <li data-testid="console-line" class={classes!("console-line", colour, line.stderr.then_some("stderr"))}
                            onclick={Callback::from(move |_| seek.emit(event))} title={t.seek_to_print}>
                            <span class="ts">{ format!("{:.3}", line.t) }</span>
                            <span class="text">{ &line.text }</span>
                        </li>
                    }
                }) }
            </ol>
            { ending_view(lang, run, at_end, focus_line) }
        </section>
    }
}

/// The chosen example's notice, with buttons that compare it with its partners.
#[inline(never)]
fn notice_row(state: &UseReducerHandle<State>) -> Html {
    let Some(preset) = state.preset else {
        return html! {};
    };
    let lang = state.lang;
    let dispatch = |action: Action| on_click(state, action);
    html! {
        <div class="notice-row">
            <p class="notice" data-testid="notice">{ state.notice(lang).unwrap_or_else(|| preset.notice(lang)) }</p>
            { for presets::partners(preset.id).into_iter().map(|partner| html! {
                <button type="button" class="link-button" data-testid="compare-partner" data-partner={partner.id}
                        onclick={dispatch(Action::OpenCompare(partner.id.to_string()))}>
                    { say(lang, &Phrase::CompareWith(partner.id)) }
                </button>
            }) }
        </div>
    }
}

/// The run on its way, once it has taken long enough to say so, with its
/// Cancel button.
fn progress(state: &UseReducerHandle<State>) -> Html {
    let lang = state.lang;
    let t = texts(lang);
    let dispatch = |action: Action| on_click(state, action);
    match &state.pending {
        Some(pending) if pending.slow => html! {
            <div class="run-progress" role="status" data-testid="run-progress">
                <span class="spinner" aria-hidden="true"></span>
                <span>{ say(lang, &Phrase::RunProgress(pending.events)) }</span>
                <button type="button" data-testid="cancel-run" disabled={pending.cancelling}
                        onclick={dispatch(Action::CancelRun)}>{ t.cancel_run }</button>
            </div>
        },
        _ => html! {},
    }
}

/// The diagram pane: its heading and the run's summary, the run on its
/// way, the two tabs (the diagram and the await tree), the narration, the
/// prediction panel and the playback controls.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
fn diagram_pane(
    state: &UseReducerHandle<State>,
    run: &Rc<Run>,
    view: &Rc<loopscope_sim::State>,
    compact: bool,
    tree_tab: &UseStateHandle<bool>,
    [diagram_tab_ref, tree_tab_ref]: [&NodeRef; 2],
    on_tab_key: Callback<KeyboardEvent>,
    divergence: Option<&String>,
    controls_view: Html,
) -> Html {
    let lang = state.lang;
    let t = texts(lang);
    html! {
        <>
            <div class="pane-head">
                <h2 id="diagram-heading">{ t.event_loop }</h2>
                <span class="summary" data-testid="summary">{ words::summary(lang, run) }</span>
            </div>
            { progress(state) }
            <div class="diagram-tabs" role="tablist" aria-label={t.diagram_views} onkeydown={on_tab_key}>
                <button type="button" role="tab" id="diagram-tab" data-testid="diagram-tab" aria-selected={(!**tree_tab).to_string()}
                        ref={diagram_tab_ref.clone()} tabindex={if **tree_tab { "-1" } else { "0" }}
                        onclick={{ let tab = tree_tab.clone(); Callback::from(move |_: MouseEvent| tab.set(false)) }}>{ t.diagram_tab }</button>
                <button type="button" role="tab" id="await-tree-tab" data-testid="await-tree-tab" aria-selected={(**tree_tab).to_string()}
                        ref={tree_tab_ref.clone()} tabindex={if **tree_tab { "0" } else { "-1" }}
                        aria-controls="await-tree-panel"
                        onclick={{ let tab = tree_tab.clone(); Callback::from(move |_: MouseEvent| tab.set(true)) }}>{ t.await_tree }</button>
            </div>
            if **tree_tab {
                <AwaitTree run={Rc::clone(run)} state={Rc::clone(view)} lang={lang} fold={state.fold()} />
            } else {
                <Diagram run={Rc::clone(run)} state={Rc::clone(view)} clock={state.clock} lang={lang} compact={compact} fold={state.fold()} />
            }
            <p class="narration" data-testid="narration" aria-live="polite">
                { words::narration(lang, run, view, state.fold()) }
                if let Some(sentence) = divergence {
                    <span class="divergence" data-testid="divergence">{ sentence }</span>
                }
            </p>
            <PredictPanel state={state.clone()} />
            { controls_view }
        </>
    }
}

/// A `<select>`'s change handler: the chosen value, turned into an action.
fn on_select(
    state: &UseReducerHandle<State>,
    action: fn(&str) -> Option<Action>,
) -> Callback<Event> {
    let state = state.clone();
    Callback::from(move |e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        if let Some(action) = action(&select.value()) {
            state.dispatch(action);
        }
    })
}
