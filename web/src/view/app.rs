//! The root component: it owns the reducer and wires the views to it.

use super::banners::{banners_view, crash_view, Crash};
use super::compare::ComparePane;
use super::diagram::Diagram;
use super::editor::{CodeError, Editor};
use super::ending::ending_view;
use super::hooks::{
    choose_preset, initial_state, slide, use_address_and_draft, use_compact, use_compare_engine,
    use_debounced_rerun, use_document_lang, use_engine, use_playback, use_rehearsal,
    use_select_value, use_shortcuts, use_state_at, use_sweep_engine,
};
use super::machine::MachinePanel;
use super::predict::{AwaitTree, PredictPanel};
use super::share_panel::SharePanel;
use super::sweep::SweepPanel;
use super::timeline::{Shown, Timeline};
use crate::i18n::{say, texts, Lang, Phrase};
use crate::link::address;
use crate::link::scenario::Scenario;
use crate::model::compare;
use crate::model::presets;
use crate::model::presets::PRESETS;
use crate::model::run::{task_colour, Ending, Run};
use crate::model::state::COMPARE_DEFAULT;
use crate::model::state::{Action, Speed, State};
use crate::model::timeline_layout::Window;
use crate::model::words::{self, secs};
use crate::platform;
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
    use_rehearsal(&run, lang, compact, state.fold());

    let dispatch = |action: Action| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(action.clone()))
    };
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
    let on_speed = on_select(&state, |v| Speed::from_key(v).map(Action::SetSpeed));
    let on_lang = on_select(&state, |v| Lang::from_code(v).map(Action::SetLang));
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

    // Each task's current line, for the editor.
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
    let code_error = match &run.ending {
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
    };
    let total = run.summary.total;
    let printed = run.console_len_at(cursor);
    let selected = state.preset.map(|p| p.id).unwrap_or("");
    let preset_ref = use_select_value(selected.to_string());
    let lang_ref = use_select_value(lang.code().to_string());
    let speed_ref = use_select_value(state.speed.key().to_string());
    let at_end = cursor >= run.len();
    // Controls that would do nothing say so (`aria-disabled`, dimmed) but
    // stay focusable, so keyboard focus is not lost at either end of a run.
    let at_start = cursor == 0;

    let sliders_view = html! {
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
    };
    let machine_view = if state.offers_gil_switch() {
        let st = state.clone();
        html! {
            <MachinePanel gil={state.gil} cores={state.cores} code_costs_time={state.cpu_speed.is_some()}
                          lang={lang} on_action={Callback::from(move |a| st.dispatch(a))} />
        }
    } else {
        html! {}
    };
    let progress_view = match &state.pending {
        Some(pending) if pending.slow => html! {
            <div class="run-progress" role="status" data-testid="run-progress">
                <span class="spinner" aria-hidden="true"></span>
                <span>{ say(lang, &Phrase::RunProgress(pending.events)) }</span>
                <button type="button" data-testid="cancel-run" disabled={pending.cancelling}
                        onclick={dispatch(Action::CancelRun)}>{ t.cancel_run }</button>
            </div>
        },
        _ => html! {},
    };
    let controls_view = html! {
        <div class="controls" role="toolbar" aria-label={t.playback}>
            <button type="button" data-testid="to-start" aria-disabled={at_start.to_string()} onclick={dispatch(Action::ToStart)} aria-label={t.to_start} title={t.to_start}>{ icon("M5 4h2v16H5z M20 4v16L8 12z") }</button>
            <button type="button" data-testid="step-back" aria-disabled={at_start.to_string()} onclick={dispatch(Action::StepBack)} aria-label={t.step_back} title={t.step_back}>{ icon("M18 4v16L6 12z") }</button>
            <button type="button" class="primary" data-testid="play" aria-disabled={run.is_empty().to_string()} onclick={dispatch(Action::TogglePlay)}
                    aria-keyshortcuts="Space" title={if state.playing { t.pause_aria } else { t.play_aria }}>
                { if state.playing { t.pause } else if at_end && cursor > 0 { t.replay } else { t.play } }
            </button>
            <button type="button" data-testid="step-forward" aria-disabled={at_end.to_string()} onclick={dispatch(Action::StepForward)} aria-label={t.step_forward} title={t.step_forward}>{ icon("M6 4v16l12-8z") }</button>
            <button type="button" data-testid="to-end" aria-disabled={at_end.to_string()} onclick={dispatch(Action::ToEnd)} aria-label={t.to_end} title={t.to_end}>{ icon("M4 4v16l12-8z M17 4h2v16h-2z") }</button>
            <button type="button" class="predict-toggle" data-testid="predict" aria-pressed={state.quiz.is_some().to_string()}
                    title={t.predict_title} onclick={dispatch(Action::SetPredict(state.quiz.is_none()))}>{ t.predict }</button>
            <select ref={speed_ref} data-testid="speed" aria-label={t.speed} onchange={on_speed}>
                { for Speed::CHOICES.iter().map(|(key, speed)| html! {
                    <option value={*key} selected={*speed == state.speed}>
                        { match speed { Speed::Times(f) => format!("{f}×"), Speed::EventPerSecond => t.event_per_second.to_string() } }
                    </option>
                }) }
            </select>
            <input class="scrubber" type="range" data-testid="scrubber" aria-label={t.virtual_time}
                   min="0" max={state.span().to_string()} step="any" value={state.clock.to_string()} oninput={on_scrub} />
            <span class="time"><span data-testid="clock">{ secs(state.clock) }</span>{ " / " }<span data-testid="total-time">{ secs(total) }</span></span>
            <span class="event-count">{ say(lang, &Phrase::EventOf(cursor, run.len())) }</span>
        </div>
    };
    let diagram_view = html! {
        <>
            <div class="pane-head">
                <h2 id="diagram-heading">{ t.event_loop }</h2>
                <span class="summary" data-testid="summary">{ words::summary(lang, &run) }</span>
            </div>
            { progress_view }
            <div class="diagram-tabs" role="tablist" aria-label={t.diagram_views} onkeydown={on_tab_key}>
                <button type="button" role="tab" id="diagram-tab" data-testid="diagram-tab" aria-selected={(!*tree_tab).to_string()}
                        ref={diagram_tab_ref} tabindex={if *tree_tab { "-1" } else { "0" }}
                        onclick={{ let tab = tree_tab.clone(); Callback::from(move |_: MouseEvent| tab.set(false)) }}>{ t.diagram_tab }</button>
                <button type="button" role="tab" id="await-tree-tab" data-testid="await-tree-tab" aria-selected={(*tree_tab).to_string()}
                        ref={tree_tab_ref} tabindex={if *tree_tab { "0" } else { "-1" }}
                        aria-controls="await-tree-panel"
                        onclick={{ let tab = tree_tab.clone(); Callback::from(move |_: MouseEvent| tab.set(true)) }}>{ t.await_tree }</button>
            </div>
            if *tree_tab {
                <AwaitTree run={Rc::clone(&run)} state={Rc::clone(&view)} lang={lang} fold={state.fold()} />
            } else {
                <Diagram run={Rc::clone(&run)} state={Rc::clone(&view)} clock={state.clock} lang={lang} compact={compact} fold={state.fold()} />
            }
            <p class="narration" data-testid="narration" aria-live="polite">
                { words::narration(lang, &run, &view, state.fold()) }
                if let Some(sentence) = &*divergence {
                    <span class="divergence" data-testid="divergence">{ sentence }</span>
                }
            </p>
            <PredictPanel state={state.clone()} />
            { controls_view }
        </>
    };
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
                    <Timeline run={Rc::clone(&c.run)} clock={state.clock} cursor={state.compare_cursor()} axis={state.axis()} on_axis={on_axis.clone()}
                              fold={state.fold()} on_fold={on_fold.clone()} on_seek={on_seek.clone()} on_seek_cursor={on_seek_cursor.clone()}
                              on_seek_event={on_seek_compared} lang={lang} shown={(*compare_shown).clone()}
                              span={span} window={window.clone()} tools={false} testid="compare-timeline" />
                </>
            }
        }
        _ => html! {},
    };
    let timeline_view = html! {
        <>
            <Timeline run={Rc::clone(&run)} clock={state.clock} cursor={cursor} axis={state.axis()} on_axis={on_axis}
                      fold={state.fold()} on_fold={on_fold}
                      on_seek={on_seek} on_seek_cursor={on_seek_cursor} on_seek_event={on_seek_event.clone()} lang={lang} shown={(*shown).clone()}
                      span={span} window={window} />
            { compare_timeline }
        </>
    };
    let compare_pane = html! { <ComparePane state={state.clone()} compact={compact} /> };
    let banners_view = html! {
        <>
            { crash_view(lang, &crash) }
            { banners_view(lang, &banners, &state) }
        </>
    };

    if state.embed {
        let full = address::share_url(
            &platform::address::page_url(),
            &Scenario {
                embed: false,
                ..state.scenario(true)
            },
        );
        return html! {
            <div class={classes!("app", "embed", state.outdated().then_some("stale"))}>
                <header class="embed-bar">
                    <span class="brand"><span class="logo" aria-hidden="true">{ "⟳" }</span><strong>{ "Loopscope" }</strong></span>
                    <a data-testid="open-in-loopscope" href={full} target="_blank" rel="noopener noreferrer">{ t.open_in_loopscope }</a>
                </header>
                { banners_view }
                <main class={classes!("embed-body", state.compare.is_some().then_some("comparing"))}>
                    <section class="pane diagram-pane" aria-labelledby="diagram-heading">{ diagram_view }</section>
                    { compare_pane.clone() }
                    if !state.sliders.is_empty() || state.offers_gil_switch() {
                        <section class="pane">{ sliders_view }{ machine_view }</section>
                    }
                    <SweepPanel state={state.clone()} compact={compact} />
                    <details class="pane embed-code">
                        <summary>{ t.show_code }</summary>
                        <pre class="code-view readonly" data-testid="code-readonly">{ state.source.clone() }</pre>
                    </details>
                    <section class="pane timeline-pane" aria-labelledby="timeline-heading">
                        <h2 id="timeline-heading">{ t.timeline }</h2>
                        { timeline_view }
                    </section>
                </main>
            </div>
        };
    }

    html! {
        <div class={classes!("app", state.outdated().then_some("stale"))}>
            <header class="topbar">
                <div class="brand">
                    <span class="logo" aria-hidden="true">{ "⟳" }</span>
                    <h1>{ "Loopscope" }</h1>
                    <span class="tagline">{ t.tagline }</span>
                </div>
                <div class="header-controls">
                    <label class="preset-picker">
                        <span class="label">{ t.example }</span>
                        <select ref={preset_ref} data-testid="preset-select" onchange={on_preset} aria-label={t.example_aria}>
                            if state.preset.is_none() {
                                <option value="" selected=true>{ t.your_code }</option>
                            }
                            { for PRESETS.iter().map(|p| html! {
                                <option value={p.id} selected={p.id == selected}>{ p.title(lang) }</option>
                            }) }
                        </select>
                    </label>
                    <label class="lang-picker">
                        <span class="label">{ t.language }</span>
                        <select ref={lang_ref} data-testid="lang-select" onchange={on_lang} aria-label={t.language}>
                            { for Lang::ALL.iter().map(|l| html! {
                                <option value={l.code()} lang={l.code()} selected={*l == lang}>{ l.name() }</option>
                            }) }
                        </select>
                    </label>
                    <button type="button" class="compare-button" data-testid="compare" aria-pressed={state.compare.is_some().to_string()}
                            title={t.compare_title}
                            onclick={if state.compare.is_some() { dispatch(Action::CloseCompare) } else { dispatch(Action::OpenCompare(COMPARE_DEFAULT.into())) }}>
                        { t.compare }
                    </button>
                    <SharePanel state={state.clone()} run={Rc::clone(&run)} compact={compact} shown={(*shown).clone()} />
                </div>
            </header>
            { banners_view }
            if let Some(preset) = state.preset {
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
            <main class={classes!("workspace", state.sweep.is_some().then_some("sweeping"), state.compare.is_some().then_some("comparing"))}>
                <section class="pane code-pane" aria-labelledby="code-heading">
                    <h2 id="code-heading">{ t.code }</h2>
                    <Editor source={AttrValue::from(state.source.clone())} marks={marks} error={code_error}
                            focus_line={*focus_line} on_edit={on_edit} label={t.python_source} lang={lang} />
                    { sliders_view }
                    { machine_view }
                </section>
                <section class="pane diagram-pane" aria-labelledby="diagram-heading">
                    { diagram_view }
                </section>
                { compare_pane }
                <SweepPanel state={state.clone()} compact={compact} />
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
                    { ending_view(lang, &run, at_end, &focus_line) }
                </section>
                <section class="pane timeline-pane" aria-labelledby="timeline-heading">
                    <h2 id="timeline-heading">{ t.timeline }</h2>
                    { timeline_view }
                </section>
            </main>
        </div>
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

/// A small filled icon for a control button (the path is in a 24×24 box).
fn icon(path: &'static str) -> Html {
    html! {
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d={path} /></svg>
    }
}
