//! The root component: it owns the reducer and wires the views to it.

use crate::i18n::{say, texts, Lang, Phrase};
use crate::link::address;
use crate::link::codec;
use crate::link::error::LinkError;
use crate::link::scenario::Scenario;
use crate::model::presets::PRESETS;
use crate::model::run::{task_colour, Ending, Failure, Run};
use crate::model::state::{Action, Speed, State};
use crate::model::words::{self, secs};
use crate::platform::browser;
use crate::view::diagram::Diagram;
use crate::view::editor::{CodeError, Editor};
use crate::view::share_panel::SharePanel;
use crate::view::timeline::Timeline;
use gloo_render::{request_animation_frame, AnimationFrame};
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let next = self.apply(action);
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

/// The console shows at most this many of the latest lines, so a program
/// that prints ten thousand lines does not make every frame re-render them.
const CONSOLE_MAX: usize = 300;

/// How long typing must pause before the program re-runs.
const DEBOUNCE_MS: u32 = 350;

/// Drives playback: while playing, dispatches a `Tick` every animation frame.
#[hook]
fn use_playback(state: &UseReducerHandle<State>) {
    let playing = state.playing;
    let dispatcher = state.dispatcher();
    use_effect_with(playing, move |playing| {
        let frame: Rc<RefCell<Option<AnimationFrame>>> = Rc::new(RefCell::new(None));
        if *playing {
            fn schedule(
                frame: Rc<RefCell<Option<AnimationFrame>>>,
                dispatcher: UseReducerDispatcher<State>,
                last: Option<f64>,
            ) {
                let next = Rc::clone(&frame);
                *frame.borrow_mut() = Some(request_animation_frame(move |now| {
                    if let Some(last) = last {
                        dispatcher.dispatch(Action::Tick((now - last) / 1000.0));
                    }
                    schedule(next, dispatcher, Some(now));
                }));
            }
            schedule(Rc::clone(&frame), dispatcher, None);
        }
        // Dropping the pending frame cancels it.
        move || drop(frame.borrow_mut().take())
    });
}

/// Re-runs the program once typing pauses.
#[hook]
fn use_debounced_rerun(state: &UseReducerHandle<State>) {
    let dispatcher = state.dispatcher();
    use_effect_with((state.source.clone(), state.stale), move |(_, stale)| {
        let timeout =
            stale.then(|| Timeout::new(DEBOUNCE_MS, move || dispatcher.dispatch(Action::Rerun)));
        move || drop(timeout)
    });
}

/// How long a run goes before the page shows its progress and a Cancel button.
const SLOW_RUN_MS: u32 = 250;

/// A crash of the engine, for its banner.
#[derive(Clone, Debug, PartialEq)]
pub struct Crash {
    /// The program it crashed on.
    pub source: String,
    /// What the engine said.
    pub message: String,
}

/// Connects the reducer to the engine's worker: each run request goes to
/// the worker, its answers come back as actions, a run that takes a while
/// is marked slow (progress and Cancel appear), Cancel reaches the worker,
/// and a crash raises its banner.
#[hook]
fn use_engine(state: &UseReducerHandle<State>, crash: &UseStateHandle<Option<Crash>>) {
    let engine = use_mut_ref(|| None::<crate::platform::engine_client::Engine>);
    let request = state.pending.as_ref().map(|p| p.generation);
    {
        let engine = engine.clone();
        let dispatcher = state.dispatcher();
        let crash = crash.setter();
        let (source, cpu_speed) = (state.source.clone(), state.cpu_speed);
        use_effect_with(request, move |request| {
            let mut engine = engine.borrow_mut();
            let engine = engine.get_or_insert_with(|| {
                crate::platform::engine_client::Engine::new(move |notice| match notice {
                    crate::platform::engine_client::Notice::Act(action) => {
                        dispatcher.dispatch(action)
                    }
                    crate::platform::engine_client::Notice::Crashed { source, message } => {
                        crash.set(Some(Crash { source, message }))
                    }
                })
            });
            if let Some(generation) = *request {
                engine.request(generation, &source, cpu_speed);
            }
        });
    }
    {
        let dispatcher = state.dispatcher();
        use_effect_with(request, move |request| {
            let timeout = request.map(|generation| {
                Timeout::new(SLOW_RUN_MS, move || {
                    dispatcher.dispatch(Action::RunSlow(generation))
                })
            });
            move || drop(timeout)
        });
    }
    let cancelling = state
        .pending
        .as_ref()
        .filter(|p| p.cancelling)
        .map(|p| p.generation);
    use_effect_with(cancelling, move |cancelling| {
        if let (Some(generation), Some(engine)) = (*cancelling, engine.borrow().as_ref()) {
            engine.cancel(generation);
        }
    });
}

/// Space, ←, →, Home and End control playback when focus is not in a text field.
#[hook]
fn use_shortcuts(state: &UseReducerHandle<State>) {
    let dispatcher = state.dispatcher();
    use_effect_with((), move |_| {
        let listener = web_sys::window().map(|window| {
            gloo_events::EventListener::new_with_options(
                &window,
                "keydown",
                gloo_events::EventListenerOptions::enable_prevent_default(),
                move |event| {
                    let Some(e) = event.dyn_ref::<KeyboardEvent>() else {
                        return;
                    };
                    if e.ctrl_key() || e.meta_key() || e.alt_key() {
                        return;
                    }
                    let in_field = e
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                        .map(|el| {
                            matches!(
                                el.tag_name().as_str(),
                                "TEXTAREA" | "INPUT" | "SELECT" | "BUTTON"
                            )
                        })
                        .unwrap_or(false);
                    let action = match e.key().as_str() {
                        " " if !in_field => Some(Action::TogglePlay),
                        "ArrowRight" if !in_field => Some(Action::StepForward),
                        "ArrowLeft" if !in_field => Some(Action::StepBack),
                        "Home" if !in_field => Some(Action::ToStart),
                        "End" if !in_field => Some(Action::ToEnd),
                        _ => None,
                    };
                    if let Some(action) = action {
                        e.prevent_default();
                        dispatcher.dispatch(action);
                    }
                },
            )
        });
        move || drop(listener)
    });
}

/// Where the chosen language is remembered.
const LANG_KEY: &str = "loopscope.lang";

/// A message across the top of the page.
#[derive(Clone, Debug, PartialEq)]
pub enum Banner {
    /// The link could not be opened, and why.
    BadLink(LinkError),
    /// A link replaced a draft, which can be restored (its fragment).
    DraftKept(String),
    /// Drafts cannot be saved.
    StorageFailed,
}

/// The first state: the scenario in the link, else the saved draft, else
/// the default; plus the banners that explain what happened.
fn initial_state() -> (State, Vec<Banner>) {
    let mut state = State::default().apply(Action::SetLang(initial_lang()));
    let mut banners = Vec::new();
    let draft = browser::load(browser::DRAFT_KEY);
    match codec::decode(&browser::fragment()) {
        Ok(Some(scenario)) => {
            let link_program = scenario.program().1;
            state = state.apply(Action::Open(Box::new(scenario)));
            // Opening a link never loses a draft: one with another program
            // is set aside and can be restored from the banner.
            if let Some(draft) = draft.filter(|d| other_program(d, &link_program)) {
                if browser::save(browser::PREVIOUS_KEY, &draft) {
                    banners.push(Banner::DraftKept(draft));
                }
            } else if let Some(previous) =
                browser::load(browser::PREVIOUS_KEY).filter(|d| other_program(d, &link_program))
            {
                // A draft set aside earlier and not restored yet stays on offer.
                banners.push(Banner::DraftKept(previous));
            }
        }
        Ok(None) => {
            if let Some(Ok(Some(scenario))) = draft.as_deref().map(codec::decode) {
                state = state.apply(Action::Open(Box::new(scenario)));
            }
        }
        Err(error) => banners.push(Banner::BadLink(error)),
    }
    (state, banners)
}

/// Whether a saved draft holds a program other than `program` (and so
/// must not be lost when a link opens over it).
fn other_program(draft: &str, program: &str) -> bool {
    match codec::decode(draft) {
        Ok(Some(saved)) => saved.program().1 != program,
        _ => false,
    }
}

/// Keeps the address bar and the saved draft in step with the scenario:
/// choosing another preset adds a history entry, everything else replaces
/// it; the back and forward buttons open the scenario of their entry.  The
/// playhead joins the link whenever playback is paused.
#[hook]
fn use_address_and_draft(state: &UseReducerHandle<State>, banners: &UseStateHandle<Vec<Banner>>) {
    let moment = !state.playing;
    let scenario = state.scenario(moment);
    let fragment = codec::encode(&scenario);
    let draft = codec::encode(&Scenario {
        t: None,
        event: None,
        ..scenario
    });
    let base = state.base.map(|p| p.id);
    let first = use_mut_ref(|| true);
    let last_base = use_mut_ref(|| base);
    {
        let banners = banners.clone();
        let last_base = last_base.clone();
        use_effect_with((fragment, draft), move |(fragment, draft)| {
            let push = *last_base.borrow() != base;
            *last_base.borrow_mut() = base;
            let initial = std::mem::replace(&mut *first.borrow_mut(), false);
            browser::set_fragment(fragment, push && !initial);
            // The first render only shows what was opened; saving it could
            // overwrite a draft the user has not chosen to leave.
            if !initial
                && !browser::save(browser::DRAFT_KEY, draft)
                && !banners.contains(&Banner::StorageFailed)
            {
                let mut next = (*banners).clone();
                next.push(Banner::StorageFailed);
                banners.set(next);
            }
        });
    }
    let dispatcher = state.dispatcher();
    let banners = banners.clone();
    use_effect_with((), move |_| {
        let listener = web_sys::window().map(|window| {
            gloo_events::EventListener::new(&window, "popstate", move |_| {
                match codec::decode(&browser::fragment()) {
                    Ok(Some(scenario)) => {
                        // A link pasted into this tab must not lose edited
                        // code: set the draft aside, as on a fresh load.
                        let link_program = scenario.program().1;
                        let draft = browser::load(browser::DRAFT_KEY)
                            .filter(|d| other_program(d, &link_program));
                        if let Some(draft) = draft {
                            if browser::save(browser::PREVIOUS_KEY, &draft) {
                                banners.set(vec![Banner::DraftKept(draft)]);
                            }
                        }
                        // Moving through history must not add history: the
                        // entry's preset counts as already shown.
                        if let Some(preset) = scenario
                            .preset
                            .as_deref()
                            .and_then(crate::model::presets::find)
                        {
                            *last_base.borrow_mut() = Some(preset.id);
                        }
                        dispatcher.dispatch(Action::Open(Box::new(scenario)));
                    }
                    Ok(None) => {}
                    Err(error) => banners.set(vec![Banner::BadLink(error)]),
                }
            })
        });
        move || drop(listener)
    });
}

/// The language to start in: the one chosen before, else the browser's.
fn initial_lang() -> Lang {
    let window = web_sys::window();
    let stored = window
        .as_ref()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(LANG_KEY).ok().flatten())
        .and_then(|code| Lang::from_code(&code));
    stored.unwrap_or_else(|| {
        let preferences: Vec<String> = window
            .map(|w| w.navigator().languages())
            .map(|list| list.iter().filter_map(|v| v.as_string()).collect())
            .unwrap_or_default();
        Lang::detect(&preferences)
    })
}

/// Keeps `<html lang>` and the tab's title in step with the interface language and remembers it.
#[hook]
fn use_document_lang(lang: Lang) {
    use_effect_with(lang, |lang| {
        if let Some(window) = web_sys::window() {
            if let Some(document) = window.document() {
                if let Some(root) = document.document_element() {
                    let _ = root.set_attribute("lang", lang.code());
                }
                // The tab's title is the one text outside the app's root.
                document.set_title(crate::i18n::texts(*lang).page_title);
            }
            // Storage can be full or disabled; the choice then lasts for this visit only.
            if let Some(storage) = window.local_storage().ok().flatten() {
                let _ = storage.set_item(LANG_KEY, lang.code());
            }
        }
    });
}

/// At most this many events are replayed forward from the previous frame's
/// state; a longer jump rebuilds from the trace's checkpoints instead.
const FORWARD_MAX: usize = 4096;

/// The state after `cursor` events of `run`.  Playback moves forward a few
/// events per frame, so the previous frame's state plus those events is far
/// cheaper than a rebuild from the nearest checkpoint, which may replay
/// thousands of events in a run with thousands of tasks.
#[hook]
fn use_state_at(run: &Rc<Run>, cursor: usize) -> Rc<loopscope_sim::State> {
    let cache = use_mut_ref(|| None::<(Rc<Run>, Rc<loopscope_sim::State>)>);
    let mut cache = cache.borrow_mut();
    if let Some((cached_run, state)) = cache.as_ref() {
        if Rc::ptr_eq(cached_run, run) && state.index == cursor {
            return Rc::clone(state);
        }
    }
    let state = match cache.as_ref() {
        Some((cached_run, state))
            if Rc::ptr_eq(cached_run, run)
                && state.index < cursor
                && cursor - state.index <= FORWARD_MAX =>
        {
            let mut next = (**state).clone();
            for ev in &run.trace.events[state.index..cursor.min(run.len())] {
                next.apply(ev);
            }
            next
        }
        _ => run.trace.state_at(cursor),
    };
    let state = Rc::new(state);
    *cache = Some((Rc::clone(run), Rc::clone(&state)));
    state
}

/// A `<select>` whose chosen option follows `value` even when the state
/// changes without the user touching it (a link, back and forward): the
/// `selected` attribute alone does not move a selection the user has made.
#[hook]
fn use_select_value(value: String) -> NodeRef {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect(move || {
            if let Some(select) = node.cast::<HtmlSelectElement>() {
                if select.value() != value {
                    select.set_value(&value);
                }
            }
        });
    }
    node
}

/// The media query under which the diagram switches to its narrow layout.
const NARROW_QUERY: &str = "(max-width: 600px)";

/// Whether the window is narrow (a phone), kept up to date as it changes.
#[hook]
fn use_compact() -> bool {
    let query = use_memo((), |_| {
        web_sys::window().and_then(|w| w.match_media(NARROW_QUERY).ok().flatten())
    });
    let compact = use_state(|| query.as_ref().as_ref().is_some_and(|q| q.matches()));
    {
        let compact = compact.clone();
        use_effect_with(query, move |query| {
            let listener = query.as_ref().as_ref().map(|q| {
                let list = q.clone();
                gloo_events::EventListener::new(q, "change", move |_| compact.set(list.matches()))
            });
            move || drop(listener)
        });
    }
    *compact
}

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
    use_engine(&state, &crash);
    use_shortcuts(&state);
    let focus_line = use_state(|| None::<u32>);

    let run: Rc<Run> = Rc::clone(&state.run);
    let cursor = state.cursor;
    let view = use_state_at(&run, cursor);

    let dispatch = |action: Action| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(action.clone()))
    };
    let on_preset = on_select(&state, |v| Some(Action::SelectPreset(v.to_string())));
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
        Ending::Raised { traceback } if cursor >= run.len() => {
            crate::model::traceback::raise_site(traceback, &state.source).map(
                |(line, col, width)| CodeError {
                    line,
                    col,
                    width,
                    message: None,
                },
            )
        }
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
                    let st = state.clone();
                    let oninput = Callback::from(move |e: InputEvent| {
                        let input: HtmlInputElement = e.target_unchecked_into();
                        if let Ok(v) = input.value().parse::<f64>() {
                            st.dispatch(Action::Slide(i, v));
                        }
                    });
                    html! {
                        <label class="slider">
                            <span class="slider-label">{ s.label(lang) }</span>
                            <input type="range" data-testid="slider" aria-label={s.label(lang)}
                                   min={s.min.to_string()} max={s.max.to_string()} step={s.step.to_string()}
                                   value={s.value.to_string()} oninput={oninput} />
                            <output>{ s.format(s.value) }</output>
                        </label>
                    }
                }) }
            </div>
        }
        </>
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
            <select ref={speed_ref} data-testid="speed" aria-label={t.speed} onchange={on_speed}>
                { for Speed::CHOICES.iter().map(|(key, speed)| html! {
                    <option value={*key} selected={*speed == state.speed}>
                        { match speed { Speed::Times(f) => format!("{f}×"), Speed::EventPerSecond => t.event_per_second.to_string() } }
                    </option>
                }) }
            </select>
            <input class="scrubber" type="range" data-testid="scrubber" aria-label={t.virtual_time}
                   min="0" max={total.to_string()} step="any" value={state.clock.to_string()} oninput={on_scrub} />
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
            <Diagram run={Rc::clone(&run)} state={Rc::clone(&view)} clock={state.clock} lang={lang} compact={compact} />
            <p class="narration" data-testid="narration" aria-live="polite">{ words::narrate(lang, &run, &view) }</p>
            { controls_view }
        </>
    };
    let timeline_view = html! {
        <Timeline run={Rc::clone(&run)} clock={state.clock} on_seek={on_seek} on_seek_event={on_seek_event.clone()} lang={lang} />
    };
    let banners_view = html! {
        <>
            { crash_view(lang, &crash) }
            { banners_view(lang, &banners, &state) }
        </>
    };

    if state.embed {
        let full = address::share_url(
            &browser::page_url(),
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
                <main class="embed-body">
                    <section class="pane diagram-pane" aria-labelledby="diagram-heading">{ diagram_view }</section>
                    if !state.sliders.is_empty() {
                        <section class="pane">{ sliders_view }</section>
                    }
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
                    <SharePanel state={state.clone()} run={Rc::clone(&run)} />
                </div>
            </header>
            { banners_view }
            if let Some(preset) = state.preset {
                <p class="notice" data-testid="notice">{ preset.notice(lang) }</p>
            }
            <main class="workspace">
                <section class="pane code-pane" aria-labelledby="code-heading">
                    <h2 id="code-heading">{ t.code }</h2>
                    <Editor source={AttrValue::from(state.source.clone())} marks={marks} error={code_error}
                            focus_line={*focus_line} on_edit={on_edit} label={t.python_source} lang={lang} />
                    { sliders_view }
                </section>
                <section class="pane diagram-pane" aria-labelledby="diagram-heading">
                    { diagram_view }
                </section>
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

/// The banner of an engine crash: what happened, that it is Loopscope's
/// bug, and a link to report it with the program.
fn crash_view(lang: Lang, crash: &UseStateHandle<Option<Crash>>) -> Html {
    let Some(details) = crash.as_ref() else {
        return html! {};
    };
    let t = texts(lang);
    let dismiss = {
        let crash = crash.clone();
        Callback::from(move |_: MouseEvent| crash.set(None))
    };
    let report = crate::platform::engine_client::report_url(&details.source, &details.message);
    html! {
        <div class={classes!("banner", "error")} data-testid="banner" role="alert">
            <span class="banner-text">{ t.engine_crashed }</span>
            <a data-testid="report-bug" href={report} target="_blank" rel="noopener noreferrer">{ t.report_bug }</a>
            <button type="button" class="dismiss" onclick={dismiss}>{ t.dismiss }</button>
        </div>
    }
}

/// The banners: a bad link, a draft set aside, storage that does not work.
fn banners_view(
    lang: Lang,
    banners: &UseStateHandle<Vec<Banner>>,
    state: &UseReducerHandle<State>,
) -> Html {
    let t = texts(lang);
    html! {
        { for banners.iter().enumerate().map(|(i, banner)| {
            let dismiss = {
                let banners = banners.clone();
                Callback::from(move |_: MouseEvent| {
                    let mut next = (*banners).clone();
                    if i < next.len() {
                        next.remove(i);
                    }
                    banners.set(next);
                })
            };
            let (class, text, restore) = match banner {
                Banner::BadLink(error) => ("error", say(lang, &Phrase::BadLink(error.clone())), None),
                Banner::DraftKept(draft) => ("info", t.draft_kept.to_string(), Some(draft.clone())),
                Banner::StorageFailed => ("warning", t.storage_failed.to_string(), None),
            };
            let restore = restore.map(|draft| {
                let state = state.clone();
                let dismiss = dismiss.clone();
                Callback::from(move |e: MouseEvent| {
                    if let Ok(Some(scenario)) = codec::decode(&draft) {
                        state.dispatch(Action::Open(Box::new(scenario)));
                        browser::forget(browser::PREVIOUS_KEY);
                    }
                    dismiss.emit(e);
                })
            });
            html! {
                <div class={classes!("banner", class)} data-testid="banner" role={if class == "error" { "alert" } else { "status" }}>
                    <span class="banner-text">{ text }</span>
                    if let Some(restore) = restore {
                        <button type="button" data-testid="restore-draft" onclick={restore}>{ t.restore_draft }</button>
                    }
                    <button type="button" class="dismiss" onclick={dismiss}>{ t.dismiss }</button>
                </div>
            }
        }) }
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

/// How the run ended, when it did not simply finish: the traceback with
/// clickable lines, the deadlock's waiters, or the limit reached.
fn ending_view(
    lang: Lang,
    run: &Run,
    at_end: bool,
    focus_line: &UseStateHandle<Option<u32>>,
) -> Html {
    let t = texts(lang);
    match &run.ending {
        Ending::Finished | Ending::Rejected { .. } => html! {},
        Ending::Raised { traceback } => html! {
            <div class={classes!("ending", "raised", (!at_end).then_some("later"))} data-testid="error">
                <pre class="traceback">
                    { for traceback.lines().map(|l| traceback_line(l, focus_line)) }
                </pre>
            </div>
        },
        Ending::Deadlock { waiters, .. } => {
            // Deadlocks end the trace, so the final state names every waiter;
            // rebuilding it is one checkpoint plus a short replay.
            let last = run.trace.state_at(run.len());
            let lines = crate::model::words::deadlock_lines(lang, run, &last, waiters);
            html! {
                <div class={classes!("ending", "deadlock", (!at_end).then_some("later"))} data-testid="error">
                    <strong>{ t.deadlock_title }</strong>
                    <ul>{ for lines.into_iter().map(|(text, line)| html! {
                        <li>{ match line {
                            Some(n) => {
                                let focus_line = focus_line.clone();
                                html! { <button type="button" class="tb-line" onclick={Callback::from(move |_| focus_line.set(Some(n)))}>{ text }</button> }
                            }
                            None => html! { text },
                        } }</li>
                    }) }</ul>
                </div>
            }
        }
        Ending::Limit(limit) => html! {
            <div class={classes!("ending", "limit", (!at_end).then_some("later"))} data-testid="error">
                <strong>{ say(lang, &Phrase::LimitReached(limit.clone())) }</strong>
                <p>{ t.stays_playable }</p>
            </div>
        },
        Ending::Failed(failure) => html! {
            <div class={classes!("ending", "limit")} data-testid="error">
                <strong>{ match failure {
                    Failure::Crashed => t.crashed_ending.to_string(),
                    Failure::TimedOut => say(lang, &Phrase::TimedOut(crate::platform::engine_client::DEADLINE_SECONDS)),
                    Failure::Unresponsive => t.unresponsive_ending.to_string(),
                } }</strong>
            </div>
        },
    }
}

/// A traceback line; `File "main.py", line N` lines are buttons that mark line N in the code.
fn traceback_line(text: &str, focus_line: &UseStateHandle<Option<u32>>) -> Html {
    match crate::model::traceback::frame_line(text) {
        Some(n) => {
            let focus_line = focus_line.clone();
            html! {
                <button type="button" class="tb-line" onclick={Callback::from(move |_| focus_line.set(Some(n)))}>{ text }</button>
            }
        }
        None => html! { <span class="tb-text">{ text }{ "\n" }</span> },
    }
}
