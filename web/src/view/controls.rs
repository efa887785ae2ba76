//! The playback controls under the diagram: to the start, a step back,
//! play, a step forward, to the end, predict, the speed, the scrubber, the
//! clock and the event count.
//!
//! They change with every frame while playing and with every seek, so they
//! are built by a function of their own rather than inside the page's:
//! the browser optimises a function that has run long enough, and the
//! page's whole view as one function was 89 KB of code that took 85 ms to
//! optimise, on the other core, during the first seeks of a session.

use crate::i18n::{say, texts, Phrase};
use crate::model::run::Run;
use crate::model::state::{Action, Speed, State};
use crate::model::words::secs;
use crate::view::hooks::on_click;
use yew::prelude::*;

/// The controls for `state` showing `run`; `on_speed` and `on_scrub` are the
/// speed menu's and the scrubber's handlers.
#[inline(never)]
pub fn controls(
    state: &UseReducerHandle<State>,
    run: &Run,
    speed_ref: &NodeRef,
    on_speed: Callback<Event>,
    on_scrub: Callback<InputEvent>,
) -> Html {
    let lang = state.lang;
    let t = texts(lang);
    let cursor = state.cursor;
    let at_end = cursor >= run.len();
    // Controls that would do nothing say so (`aria-disabled`, dimmed) but
    // stay focusable, so keyboard focus is not lost at either end of a run.
    let at_start = cursor == 0;
    let dispatch = |action: Action| on_click(state, action);
    html! {
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
            <select ref={speed_ref.clone()} data-testid="speed" aria-label={t.speed} onchange={on_speed}>
                { for Speed::CHOICES.iter().map(|(key, speed)| html! {
                    <option value={*key} selected={*speed == state.speed}>
                        { match speed { Speed::Times(f) => format!("{f}×"), Speed::EventPerSecond => t.event_per_second.to_string() } }
                    </option>
                }) }
            </select>
            <input class="scrubber" type="range" data-testid="scrubber" aria-label={t.virtual_time}
                   min="0" max={state.span().to_string()} step="any" value={state.clock.to_string()} oninput={on_scrub} />
            <span class="time"><span data-testid="clock">{ secs(state.clock) }</span>{ " / " }<span data-testid="total-time">{ secs(run.summary.total) }</span></span>
            <span class="event-count">{ say(lang, &Phrase::EventOf(cursor, run.len())) }</span>
        </div>
    }
}

/// A small filled icon for a control button (the path is in a 24×24 box).
fn icon(path: &'static str) -> Html {
    html! {
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d={path} /></svg>
    }
}
