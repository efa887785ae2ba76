//! The sweep's panel: while the worker runs the sweep, a status line; then
//! the chart of total virtual time and blocked time against the slider's
//! value, drawn from the marks `model::sweep_chart` lays out (the same marks
//! the SVG download writes), with a point per run to choose.

use crate::i18n::{say, texts, Phrase};
use crate::model::state::{Action, State};
use crate::model::svg;
use crate::model::sweep::End;
use crate::model::sweep_chart::{self, Mark};
use crate::platform::files;
use yew::prelude::*;

/// Properties of [`SweepPanel`].
#[derive(Properties, PartialEq)]
pub struct SweepPanelProps {
    /// The playground's state (the sweep, the language) and its dispatcher.
    pub state: UseReducerHandle<State>,
    /// Whether the page is in its narrow layout (the chart is laid out narrower).
    pub compact: bool,
}

/// Style rules the standalone chart file needs.
const SVG_SELECTORS: &[&str] = &[".sweep-chart"];

/// The sweep's panel, or nothing when no sweep is open.
#[component(SweepPanel)]
pub fn sweep_panel(props: &SweepPanelProps) -> Html {
    let state = &props.state;
    let Some(sweep) = &state.sweep else {
        return html! {};
    };
    let lang = state.lang;
    let t = texts(lang);
    let close = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::CloseSweep))
    };
    let heading = format!("{} · {}", t.sweep_heading, sweep.slider.label(lang));
    let body = match (&sweep.outcomes, sweep.failed) {
        (_, Some(_)) => html! {
            <p class="sweep-note error-text" role="alert" data-testid="sweep-error">{ say(lang, &Phrase::SweepFailed) }</p>
        },
        (None, None) => html! {
            <p class="sweep-note" role="status" data-testid="sweep-running"><span class="spinner" aria-hidden="true"></span>{ t.sweep_running }</p>
        },
        (Some(outcomes), None) => {
            let chart = sweep_chart::chart(
                &sweep.slider,
                &sweep.values,
                outcomes,
                sweep.chosen,
                lang,
                props.compact,
            );
            let skipped = outcomes.iter().filter(|o| o.end == End::Skipped).count();
            let failures = outcomes
                .iter()
                .filter(|o| o.end.is_failure() && o.end != End::Skipped)
                .count();
            let n = outcomes.len();
            let export = {
                let chart = chart.clone();
                Callback::from(move |_: MouseEvent| {
                    let css = files::styles_for(SVG_SELECTORS);
                    files::download(
                        "loopscope-sweep.svg",
                        "image/svg+xml",
                        &svg::sweep_svg(&chart, &css),
                    );
                })
            };
            html! {
                <>
                    <svg class="sweep-chart" data-testid="sweep-chart" role="group" aria-label={chart.title.clone()}
                         viewBox={format!("0 0 {} {}", chart.width, chart.height)}>
                        { for chart.marks.iter().map(|m| mark(m, state)) }
                    </svg>
                    <p class="sweep-note">{ t.sweep_hint }</p>
                    if skipped > 0 {
                        <p class="sweep-note error-text" role="alert" data-testid="sweep-error">{ say(lang, &Phrase::SweepStopped(n - skipped, n)) }</p>
                    }
                    if failures > 0 {
                        <p class="sweep-note" data-testid="sweep-failures">{ say(lang, &Phrase::SweepFailures(failures, n)) }</p>
                    }
                    <button type="button" data-testid="sweep-export" onclick={export}>{ t.sweep_export }</button>
                </>
            }
        }
    };
    html! {
        <section class="pane sweep-pane" aria-labelledby="sweep-heading" data-testid="sweep-panel">
            <div class="pane-head">
                <h2 id="sweep-heading">{ heading }</h2>
                <button type="button" class="close" data-testid="sweep-close" onclick={close}
                        aria-label={t.sweep_close} title={t.sweep_close}>{ "×" }</button>
            </div>
            { body }
        </section>
    }
}

/// One mark of the chart as an SVG element; a run's point can be chosen
/// with a click or, focused, with Enter.
fn mark(mark: &Mark, state: &UseReducerHandle<State>) -> Html {
    match mark {
        Mark::Line {
            x1,
            y1,
            x2,
            y2,
            class,
        } => html! {
            <line class={*class} x1={x1.to_string()} y1={y1.to_string()} x2={x2.to_string()} y2={y2.to_string()} />
        },
        Mark::Curve { points, class } => html! {
            <polyline class={*class} points={points.clone()} />
        },
        Mark::Text {
            x,
            y,
            text,
            anchor,
            class,
        } => html! {
            <text class={*class} x={x.to_string()} y={y.to_string()} text-anchor={anchor.css()}>{ text }</text>
        },
        Mark::Dot { x, y } => html! {
            <circle class="dot" cx={x.to_string()} cy={y.to_string()} r="2.5" />
        },
        Mark::Point {
            index,
            x,
            y,
            value,
            total,
            label,
            failed,
            chosen,
        } => {
            let index = *index;
            let onclick = {
                let state = state.clone();
                Callback::from(move |_: MouseEvent| state.dispatch(Action::ChooseSweepPoint(index)))
            };
            let onkeydown = {
                let state = state.clone();
                Callback::from(move |e: KeyboardEvent| {
                    if e.key() == "Enter" {
                        e.prevent_default();
                        state.dispatch(Action::ChooseSweepPoint(index));
                    }
                })
            };
            html! {
                <g class={classes!("point", failed.then_some("failed"), chosen.then_some("chosen"))}
                   data-testid="sweep-point" data-value={value.clone()} data-total={total.clone()}
                   tabindex="0" role="button" aria-label={label.clone()} aria-pressed={chosen.to_string()}
                   {onclick} {onkeydown}>
                    <title>{ label }</title>
                    <circle class="hit" cx={x.to_string()} cy={y.to_string()} r="10" />
                    <circle class="mark" cx={x.to_string()} cy={y.to_string()} r="4.5" />
                </g>
            }
        }
    }
}
