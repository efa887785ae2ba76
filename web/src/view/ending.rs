//! How a run ended, under the console: the traceback with clickable lines,
//! the deadlock's waiters, or the limit reached.

use crate::i18n::{say, texts, Lang, Phrase};
use crate::model::run::{Ending, Failure, Run};
use yew::prelude::*;

/// How the run ended, when it did not simply finish: the traceback with
/// clickable lines, the deadlock's waiters, or the limit reached.
pub fn ending_view(
    lang: Lang,
    run: &Run,
    at_end: bool,
    focus_line: &UseStateHandle<Option<u32>>,
) -> Html {
    let t = texts(lang);
    match &run.ending {
        Ending::Finished | Ending::Rejected { .. } => html! {},
        Ending::Raised {
            traceback,
            frame_lines,
            ..
        } => html! {
            <div class={classes!("ending", "raised", (!at_end).then_some("later"))} data-testid="error">
                <pre class="traceback">
                    { for traceback.lines().enumerate().map(|(i, l)| {
                        // The frame lines are in text order.
                        let frame = frame_lines
                            .binary_search_by_key(&i, |(at, _)| *at)
                            .ok()
                            .map(|k| frame_lines[k].1);
                        traceback_line(l, frame, focus_line)
                    }) }
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
                <p class="limit-text">{ say(lang, &Phrase::LimitEnding(limit.clone())) }</p>
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

/// A traceback line; the lines that name a frame of the program
/// (`File "main.py", line N`) are buttons that mark line N in the code.
fn traceback_line(
    text: &str,
    frame: Option<u32>,
    focus_line: &UseStateHandle<Option<u32>>,
) -> Html {
    match frame {
        Some(n) => {
            let focus_line = focus_line.clone();
            html! {
                <button type="button" class="tb-line" onclick={Callback::from(move |_| focus_line.set(Some(n)))}>{ text }</button>
            }
        }
        None => html! { <span class="tb-text">{ text }{ "\n" }</span> },
    }
}
