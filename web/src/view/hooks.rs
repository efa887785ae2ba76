//! The app's hooks: each connects the reducer to one part of the world
//! outside it (frames, timers, the engine's worker, keys, the address bar
//! and the drafts, the document's language) through `platform`, or caches
//! what the views derive from the state.

use super::banners::{Banner, Crash};
use crate::i18n::{texts, Lang};
use crate::link::codec;
use crate::link::draft::{self, Drafts, When};
use crate::link::scenario::Scenario;
use crate::model::run::Run;
use crate::model::state::{Action, State};
use crate::platform::engine_client::{self, Engine, Notice, Role};
use crate::platform::storage::{self, DRAFT_KEY, LANG_KEY, PREVIOUS_KEY};
use crate::platform::{address, document, events, timers};
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// How long typing must pause before the program re-runs: longer than the
/// gap between two keys of a word (about 200 ms at five keys a second), so
/// a half-typed word is not run, and short enough that the result follows
/// the pause at once.
const DEBOUNCE_MS: u32 = 250;

/// How long the playhead must rest before the address bar shows it.
const ADDRESS_REST_MS: u32 = 250;

/// Drives playback: while playing, dispatches a `Tick` every animation frame.
#[hook]
pub fn use_playback(state: &UseReducerHandle<State>) {
    let playing = state.playing;
    let dispatcher = state.dispatcher();
    use_effect_with(playing, move |playing| {
        let frames = playing.then(|| {
            timers::every_frame(move |seconds| dispatcher.dispatch(Action::Tick(seconds)))
        });
        // Dropping the frames cancels the pending one.
        move || drop(frames)
    });
}

/// Re-runs the program once typing pauses.
#[hook]
pub fn use_debounced_rerun(state: &UseReducerHandle<State>) {
    let dispatcher = state.dispatcher();
    use_effect_with((state.source.clone(), state.stale), move |(_, stale)| {
        let timer =
            stale.then(|| timers::after(DEBOUNCE_MS, move || dispatcher.dispatch(Action::Rerun)));
        move || drop(timer)
    });
}

/// How long a run goes before the page shows its progress and a Cancel button.
const SLOW_RUN_MS: u32 = 250;

/// Connects the reducer to the engine's worker: each run request goes to
/// the worker, its answers come back as actions, a run that takes a while
/// is marked slow (progress and Cancel appear), Cancel reaches the worker,
/// and a crash raises its banner.
///
/// Returns the client (made by the first render's effect), which the page
/// asks for runs it may know at once.
#[hook]
pub fn use_engine(
    state: &UseReducerHandle<State>,
    crash: &UseStateHandle<Option<Crash>>,
) -> Rc<RefCell<Option<Engine>>> {
    let engine = use_mut_ref(|| None::<Engine>);
    let request = state.pending.as_ref().map(|p| p.generation);
    {
        let engine = engine.clone();
        let dispatcher = state.dispatcher();
        let crash = crash.setter();
        let (source, machine) = (state.source.clone(), state.machine());
        use_effect_with(request, move |request| {
            let mut engine = engine.borrow_mut();
            let engine = engine.get_or_insert_with(|| {
                Engine::new(Role::Main, move |notice| match notice {
                    Notice::Act(action) => dispatcher.dispatch(action),
                    Notice::Crashed { source, message } => {
                        crash.set(Some(Crash { source, message }))
                    }
                })
            });
            if let Some(generation) = *request {
                engine.request(generation, &source, machine);
            }
        });
    }
    {
        let dispatcher = state.dispatcher();
        use_effect_with(request, move |request| {
            let timer = request.map(|generation| {
                timers::after(SLOW_RUN_MS, move || {
                    dispatcher.dispatch(Action::RunSlow(generation))
                })
            });
            move || drop(timer)
        });
    }
    let cancelling = state
        .pending
        .as_ref()
        .filter(|p| p.cancelling)
        .map(|p| p.generation);
    {
        let engine = engine.clone();
        use_effect_with(cancelling, move |cancelling| {
            if let (Some(generation), Some(engine)) = (*cancelling, engine.borrow().as_ref()) {
                engine.cancel(generation);
            }
        });
    }
    engine
}

/// Chooses preset `id` and, when the engine knows its run at once (kept,
/// or made here in a millisecond), gives the run with the choice, so that
/// both show in one render.  Answered later, through the effect that
/// requests it, the render scheduler would paint the old run dimmed in
/// between.
pub fn choose_preset(state: &UseReducerHandle<State>, engine: &RefCell<Option<Engine>>, id: &str) {
    state.dispatch(Action::SelectPreset(id.to_string()));
    let Some(preset) = crate::model::presets::find(id) else {
        return;
    };
    let known = engine
        .borrow()
        .as_ref()
        .and_then(|e| e.at_once(preset.source, preset.machine()));
    if let Some(run) = known {
        state.dispatch(Action::RunKnown(
            preset.source.to_string(),
            preset.machine(),
            run,
        ));
    }
}

/// A click handler that dispatches `action` (a button's `onclick`).
pub fn on_click(state: &UseReducerHandle<State>, action: Action) -> Callback<MouseEvent> {
    let state = state.clone();
    Callback::from(move |_: MouseEvent| state.dispatch(action.clone()))
}

/// Moves slider `index` to `value`, asking the engine for the run first
/// ([`Engine::ahead`]): the move shows with its run in one render when the
/// run is back within `AHEAD_MS`, as it is on a seed preset, rather than as
/// a dimmed frame and then the run.
pub fn slide(
    state: &UseReducerHandle<State>,
    engine: &RefCell<Option<Engine>>,
    index: usize,
    value: f64,
) {
    let action = Action::Slide(index, value);
    match (state.slid_source(index, value), engine.borrow().as_ref()) {
        (Some(source), Some(engine)) => engine.ahead(&source, state.machine(), action),
        _ => state.dispatch(action),
    }
}

/// Connects sweeps to their own engine worker (started at the first
/// sweep): each sweep request goes to it, and its answer comes back as an
/// action.  A crash of that engine ends the sweep with a message; the run
/// shown is not touched.
#[hook]
pub fn use_sweep_engine(state: &UseReducerHandle<State>) {
    let engine = use_mut_ref(|| None::<Engine>);
    let sweep = state
        .sweep
        .as_ref()
        .filter(|s| s.outcomes.is_none() && s.failed.is_none())
        .map(|s| {
            // The runs of a sweep are on the machine the page shows (the GIL, the cores).
            let machine = crate::model::engine::Machine {
                cpu_speed: s.cpu_speed,
                ..state.machine()
            };
            (s.generation, Rc::clone(&s.sources), machine)
        });
    let generation = sweep.as_ref().map(|s| s.0);
    let dispatcher = state.dispatcher();
    use_effect_with(generation, move |_| {
        if let Some((generation, sources, machine)) = sweep {
            let mut engine = engine.borrow_mut();
            let engine = engine.get_or_insert_with(|| {
                Engine::new(Role::Sweep, move |notice| {
                    if let Notice::Act(action) = notice {
                        dispatcher.dispatch(action);
                    }
                })
            });
            engine.sweep(generation, sources, machine);
        }
    });
}

/// Connects the compared program to its own engine worker (started when
/// a comparison first opens): each of its run requests goes there, and the
/// answer comes back as an action, so the run shown is never superseded
/// by the other.
#[hook]
pub fn use_compare_engine(state: &UseReducerHandle<State>) {
    let engine = use_mut_ref(|| None::<Engine>);
    let request = state.compare.as_ref().filter(|c| c.pending).map(|c| {
        let machine = crate::model::engine::Machine {
            cpu_speed: c.cpu_speed,
            ..state.machine()
        };
        (c.generation, c.source.clone(), machine)
    });
    let generation = request.as_ref().map(|r| r.0);
    let dispatcher = state.dispatcher();
    use_effect_with(generation, move |_| {
        if let Some((generation, source, machine)) = request {
            let mut engine = engine.borrow_mut();
            let engine = engine.get_or_insert_with(|| {
                Engine::new(Role::Compare, move |notice| {
                    if let Notice::Act(action) = notice {
                        dispatcher.dispatch(action);
                    }
                })
            });
            engine.request(generation, &source, machine);
        }
    });
}

/// Space, ←, →, Home and End control playback when focus is not in a text field.
#[hook]
pub fn use_shortcuts(state: &UseReducerHandle<State>) {
    let dispatcher = state.dispatcher();
    use_effect_with((), move |_| {
        let listener = events::on_key(move |key| {
            if key.modified {
                return false;
            }
            match Action::for_key(&key.key, key.in_field) {
                Some(action) => {
                    dispatcher.dispatch(action);
                    true
                }
                None => false,
            }
        });
        move || drop(listener)
    });
}

/// Opens what the address holds, as the draft policy (`link::draft`)
/// decides, and carries out what it says about the drafts: the scenario to
/// open, if any, and the banners that explain what happened.
fn open_address(when: When) -> (Option<Scenario>, Vec<Banner>) {
    let previous = match when {
        When::Load => storage::load(PREVIOUS_KEY),
        When::HistoryMove => None,
    };
    let opening = draft::opening(
        when,
        codec::decode(&address::fragment()),
        storage::load(DRAFT_KEY).as_deref(),
        previous.as_deref(),
    );
    let mut banners = Vec::new();
    match opening.drafts {
        Drafts::Keep => {}
        // The draft is offered back only once it is safely set aside.
        Drafts::SetAside(draft) => {
            if storage::save(PREVIOUS_KEY, &draft) {
                banners.push(Banner::DraftKept(draft));
            }
        }
        Drafts::Offer(previous) => banners.push(Banner::DraftKept(previous)),
    }
    if let Some(error) = opening.error {
        banners.push(Banner::BadLink(error));
    }
    (opening.scenario, banners)
}

/// The first state: the scenario in the link, else the saved draft, else
/// the default; plus the banners that explain what happened.
pub fn initial_state() -> (State, Vec<Banner>) {
    let mut state = State::default().apply(Action::SetLang(initial_lang()));
    let (scenario, banners) = open_address(When::Load);
    if let Some(scenario) = scenario {
        state = state.apply(Action::Open(Box::new(scenario)));
    }
    // A preset's own program is run here and now, so that the very first
    // render is the complete diagram: no second render, layout and paint
    // after the worker's or the engine's answer.
    if let Some(generation) = state.pending.as_ref().map(|p| p.generation) {
        if let Some(run) = engine_client::run_at_once(&state.source, state.machine()) {
            state = state.apply(Action::RunDone(generation, run));
        }
    }
    (state, banners)
}

/// Keeps the address bar and the saved draft in step with the scenario, as
/// the draft policy (`link::draft`) says; the back and forward buttons open
/// the scenario of their entry.  The playhead joins the link whenever
/// playback is paused.
#[hook]
pub fn use_address_and_draft(
    state: &UseReducerHandle<State>,
    banners: &UseStateHandle<Vec<Banner>>,
) {
    let moment = !state.playing;
    let scenario = state.scenario(moment);
    let fragment = draft::fragment(&scenario);
    let saved = draft::draft(&scenario);
    let base = state.base.map(|p| p.id);
    let first = use_mut_ref(|| true);
    let last_base = use_mut_ref(|| base);
    // The draft at the last render and the one last saved, and the address
    // update waiting for the playhead to rest (see below).
    let last_seen = use_mut_ref(String::new);
    let last_saved = use_mut_ref(|| None::<String>);
    let pending = use_mut_ref(|| None::<timers::Timer>);
    let waiting = use_mut_ref(|| None::<draft::Entry>);
    {
        let banners = banners.clone();
        let last_base = last_base.clone();
        use_effect_with((fragment, saved), move |(fragment, saved)| {
            let changed = *last_base.borrow() != base;
            *last_base.borrow_mut() = base;
            let initial = std::mem::replace(&mut *first.borrow_mut(), false);
            let update = draft::update(fragment.clone(), saved.clone(), changed, initial);
            // A history update saves the scroll position, so it lays the
            // page out: made while the page is being written, it forces a
            // layout (the first with a new font's glyphs took 140 ms),
            // so it waits until the frame is painted.  When only the
            // playhead moved (seeking, stepping), the address follows once
            // it rests, because each update costs the browser milliseconds
            // (and a favicon check) that a scrub of forty frames a second
            // cannot spare.  A new entry still waiting stays a new entry
            // when a later update replaces it.
            let seen = std::mem::replace(&mut *last_seen.borrow_mut(), saved.clone());
            let only_moment = !initial && update.entry == draft::Entry::Replace && seen == *saved;
            let entry = match *waiting.borrow() {
                Some(draft::Entry::Push) => draft::Entry::Push,
                _ => update.entry,
            };
            *waiting.borrow_mut() = Some(entry);
            let write = {
                let waiting = waiting.clone();
                move || {
                    waiting.borrow_mut().take();
                    address::set_fragment(&update.fragment, entry);
                }
            };
            // Replacing the handle cancels the update still waiting, if any.
            *pending.borrow_mut() = Some(if only_moment {
                timers::after(ADDRESS_REST_MS, write)
            } else {
                timers::after_paint(write)
            });
            if let Some(saved) = update.draft {
                if last_saved.borrow().as_deref() == Some(saved.as_str()) {
                    return;
                }
                *last_saved.borrow_mut() = Some(saved.clone());
                // Storage writes are synchronous: one per change of the
                // program or its settings, never one per frame of the playhead.
                if !storage::save(DRAFT_KEY, &saved) && !banners.contains(&Banner::StorageFailed) {
                    let mut next = (*banners).clone();
                    next.push(Banner::StorageFailed);
                    banners.set(next);
                }
            }
        });
    }
    let dispatcher = state.dispatcher();
    let banners = banners.clone();
    use_effect_with((), move |_| {
        let listener = address::on_history_move(move || {
            let (scenario, shown) = open_address(When::HistoryMove);
            if !shown.is_empty() {
                banners.set(shown);
            }
            if let Some(scenario) = scenario {
                if let Some(preset) = draft::shown_preset(&scenario) {
                    *last_base.borrow_mut() = Some(preset);
                }
                dispatcher.dispatch(Action::Open(Box::new(scenario)));
            }
        });
        move || drop(listener)
    });
}

/// The language to start in: the one chosen before, else the browser's.
fn initial_lang() -> Lang {
    storage::load(LANG_KEY)
        .and_then(|code| Lang::from_code(&code))
        .unwrap_or_else(|| Lang::detect(&document::preferred_languages()))
}

/// Says once, after the frame that paints it, that the page shows what it
/// opened with: a run, not one still on its way (a link to a program waits
/// for the engine's first answer).  See [`document::announce_shown`].
#[hook]
pub fn use_shown_signal(state: &UseReducerHandle<State>) {
    // Once set, the timer also says the signal is on its way or sent.
    let timer = use_mut_ref(|| None::<timers::Timer>);
    let ready = state.pending.is_none();
    use_effect_with(ready, move |ready| {
        let mut timer = timer.borrow_mut();
        if *ready && timer.is_none() {
            *timer = Some(timers::after_paint(document::announce_shown));
        }
    });
}

/// Keeps `<html lang>` and the tab's title in step with the interface language and remembers it.
#[hook]
pub fn use_document_lang(lang: Lang) {
    use_effect_with(lang, |lang| {
        document::set_language(lang.code(), texts(*lang).page_title);
        // Storage can be full or disabled; the choice then lasts for this visit only.
        storage::save(LANG_KEY, lang.code());
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
pub fn use_state_at(run: &Rc<Run>, cursor: usize) -> Rc<loopscope_sim::State> {
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
pub fn use_select_value(value: String) -> NodeRef {
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
pub fn use_compact() -> bool {
    let compact = use_state(|| events::matches(NARROW_QUERY));
    {
        let compact = compact.clone();
        use_effect_with((), move |_| {
            let listener = events::on_media_change(NARROW_QUERY, move |narrow| compact.set(narrow));
            move || drop(listener)
        });
    }
    *compact
}
