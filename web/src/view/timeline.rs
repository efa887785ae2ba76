//! The timeline: a row per thread and per task over virtual time, coloured
//! by state, with markers for prints and resolutions and the playhead.
//!
//! Only what is visible is drawn: rows outside the scrolled window are left
//! out, and each row draws only the segments that overlap the visible time
//! range, so ten thousand tasks stay smooth.  Clicking or dragging on the
//! rows seeks; the zoom buttons and the wheel (with Ctrl) zoom around the
//! playhead and Shift+wheel pans.

use crate::i18n::{say, texts, Lang, Phrase};
use crate::model::run::{Activity, MarkerKind, Row, Run};
use crate::model::words::secs;
use std::rc::Rc;
use web_sys::Element;
use yew::prelude::*;

/// Height of one row in pixels.
pub const ROW_H: f64 = 24.0;
/// Width of the label column in pixels.
pub const LABEL_W: f64 = 190.0;
/// Width of the drawing area in SVG units.
const PLOT_W: f64 = 1000.0;
/// Rows drawn at most at once (the rest are reached by scrolling).
const VISIBLE_ROWS: usize = 14;

/// Properties of [`Timeline`].
#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// The run.
    pub run: Rc<Run>,
    /// The playhead, in virtual seconds.
    pub clock: f64,
    /// Seek to a virtual time.
    pub on_seek: Callback<f64>,
    /// Seek to just after an event (clicking a marker).
    pub on_seek_event: Callback<usize>,
    /// The interface language.
    pub lang: Lang,
}

/// The visible time window.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Window {
    /// Start, virtual seconds.
    pub start: f64,
    /// End, virtual seconds.
    pub end: f64,
}

impl Window {
    /// The whole run, with a little room after the end.
    pub fn fit(total: f64) -> Window {
        Window {
            start: 0.0,
            end: if total > 0.0 { total * 1.02 } else { 1.0 },
        }
    }

    /// Zoomed by `factor` (< 1 zooms in) around `centre`, kept within the run.
    pub fn zoom(self, factor: f64, centre: f64, total: f64) -> Window {
        let full = Window::fit(total);
        let span = ((self.end - self.start) * factor).clamp(1e-6, full.end);
        let mut start = centre - (centre - self.start) * factor;
        start = start.clamp(0.0, (full.end - span).max(0.0));
        Window {
            start,
            end: start + span,
        }
    }

    /// Moved by `delta` seconds, kept within the run.
    pub fn pan(self, delta: f64, total: f64) -> Window {
        let full = Window::fit(total);
        let span = self.end - self.start;
        let start = (self.start + delta).clamp(0.0, (full.end - span).max(0.0));
        Window {
            start,
            end: start + span,
        }
    }

    fn x(&self, t: f64) -> f64 {
        (t - self.start) / (self.end - self.start) * PLOT_W
    }
}

/// The segments of `row` that overlap the window, as (x, width, activity).
pub fn visible_segments(row: &Row, window: Window, end: f64) -> Vec<(f64, f64, Activity)> {
    let segs = &row.segments;
    // Segments are sorted by start: skip those that end before the window.
    let first = segs
        .partition_point(|s| s.t < window.start)
        .saturating_sub(1);
    let mut out: Vec<(f64, f64, Activity)> = Vec::new();
    for (i, seg) in segs.iter().enumerate().skip(first) {
        if seg.t > window.end {
            break;
        }
        let stop = segs.get(i + 1).map(|n| n.t).unwrap_or(end);
        let x0 = window.x(seg.t.max(window.start));
        let x1 = window.x(stop.min(window.end));
        // A state that lasts no virtual time (a step at one instant) still
        // shows as a thin sliver, so instantaneous steps are visible.
        let sliver = if matches!(seg.activity, Activity::Running | Activity::Blocking) {
            2.5
        } else {
            0.0
        };
        let width = (x1 - x0).max(sliver);
        if width <= 0.0 {
            continue;
        }
        // Segments narrower than a unit that start where the previous one
        // is drawn merge into it (the more telling state wins), so a row
        // with twenty thousand instants draws at most about one rectangle
        // per unit of width.
        if let Some(last) = out.last_mut() {
            if x1 - x0 < 1.0 && x0 < last.0 + last.1.max(1.0) {
                last.1 = last.1.max(x0 + width - last.0);
                if seg.activity.weight() > last.2.weight() {
                    last.2 = seg.activity;
                }
                continue;
            }
        }
        out.push((x0, width, seg.activity));
    }
    out
}

/// The timeline component.
#[component(Timeline)]
pub fn timeline(props: &TimelineProps) -> Html {
    let run = &props.run;
    let lang = props.lang;
    let t = texts(lang);
    let total = run.summary.total;
    let window = use_state(|| Window::fit(total));
    let scroll = use_state(|| 0usize);
    let dragging = use_state(|| false);
    let plot_ref = use_node_ref();

    // A new run resets the view to fit it.
    {
        let window = window.clone();
        use_effect_with(Rc::clone(run), move |run| {
            window.set(Window::fit(run.summary.total));
        });
    }

    let time_at = {
        let plot_ref = plot_ref.clone();
        let window = *window;
        move |client_x: i32| -> Option<f64> {
            let el: Element = plot_ref.cast::<Element>()?;
            let rect = el.get_bounding_client_rect();
            let fraction = ((f64::from(client_x) - rect.left()) / rect.width()).clamp(0.0, 1.0);
            Some(window.start + fraction * (window.end - window.start))
        }
    };
    let on_down = {
        let on_seek = props.on_seek.clone();
        let dragging = dragging.clone();
        let time_at = time_at.clone();
        Callback::from(move |e: PointerEvent| {
            if let Some(t) = time_at(e.client_x()) {
                on_seek.emit(t);
            }
            if let Some(target) = e.target_dyn_into::<Element>() {
                // Capturing keeps the drag alive when the pointer leaves the plot.
                let _ = target.set_pointer_capture(e.pointer_id());
            }
            dragging.set(true);
        })
    };
    let on_move = {
        let on_seek = props.on_seek.clone();
        let dragging = dragging.clone();
        Callback::from(move |e: PointerEvent| {
            if *dragging {
                if let Some(t) = time_at(e.client_x()) {
                    on_seek.emit(t);
                }
            }
        })
    };
    let on_up = {
        let dragging = dragging.clone();
        Callback::from(move |_: PointerEvent| dragging.set(false))
    };
    let rows = run.rows.len();
    let on_wheel = {
        let window = window.clone();
        let scroll = scroll.clone();
        let clock = props.clock;
        Callback::from(move |e: WheelEvent| {
            if e.ctrl_key() {
                e.prevent_default();
                let factor = if e.delta_y() > 0.0 { 1.25 } else { 0.8 };
                window.set(window.zoom(factor, clock, total));
            } else if e.shift_key() {
                e.prevent_default();
                let span = window.end - window.start;
                window.set(window.pan(span * e.delta_y().signum() * 0.1, total));
            } else if rows > VISIBLE_ROWS {
                e.prevent_default();
                let step = if e.delta_y() > 0.0 { 3 } else { -3 };
                let max = rows - VISIBLE_ROWS;
                scroll.set(((*scroll as i64) + step).clamp(0, max as i64) as usize);
            }
        })
    };
    let zoom = |factor: f64| {
        let window = window.clone();
        let clock = props.clock;
        Callback::from(move |_: MouseEvent| window.set(window.zoom(factor, clock, total)))
    };
    let fit = {
        let window = window.clone();
        Callback::from(move |_: MouseEvent| window.set(Window::fit(total)))
    };
    let on_scroll = {
        let scroll = scroll.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            scroll.set(input.value().parse().unwrap_or(0));
        })
    };

    let w = *window;
    let first = (*scroll).min(rows.saturating_sub(VISIBLE_ROWS));
    let shown: Vec<&Row> = run.rows.iter().skip(first).take(VISIBLE_ROWS).collect();
    let height = (shown.len().max(1) as f64) * ROW_H + 22.0;
    let playhead = w.x(props.clock);
    let ticks = ticks(w);

    html! {
        <div class="timeline" data-testid="timeline">
            <div class="timeline-tools">
                <div class="legend" role="group" aria-label={t.legend}>
                    { for Activity::ALL.iter().map(|a| html! {
                        <span class="legend-item"><span class={classes!("swatch", a.class())}></span>{ a.label(lang) }</span>
                    }) }
                    <span class="legend-item"><span class="swatch marker-print"></span>{ t.legend_print }</span>
                    <span class="legend-item"><span class="swatch marker-resolved"></span>{ t.legend_result }</span>
                </div>
                <div class="zoom">
                    <button type="button" onclick={zoom(0.5)} aria-label={t.zoom_in} title={t.zoom_in}>{ "+" }</button>
                    <button type="button" onclick={zoom(2.0)} aria-label={t.zoom_out} title={t.zoom_out}>{ "−" }</button>
                    <button type="button" onclick={fit} aria-label={t.fit} title={t.fit}>{ t.fit }</button>
                </div>
            </div>
            if rows == 0 {
                <p class="empty">{ t.timeline_empty }</p>
            } else {
                <div class="timeline-body" onwheel={on_wheel}>
                    <ul class="row-labels" style={format!("height: {height}px")}>
                        { for shown.iter().map(|row| html! {
                            <li class={classes!("row-label", format!("c{}", row.colour))} title={row.label.text(lang)}>
                                <span class="dot"></span><span class="row-text">{ row.label.text(lang) }</span>
                            </li>
                        }) }
                    </ul>
                    <div class="plot-wrap">
                    <svg class="plot" ref={plot_ref} viewBox={format!("0 0 {PLOT_W} {height}")} preserveAspectRatio="none"
                         style={format!("height: {height}px")}
                         role="group" aria-label={t.timeline_aria}
                         onpointerdown={on_down} onpointermove={on_move} onpointerup={on_up.clone()} onpointercancel={on_up}>
                        { for ticks.iter().map(|(t, _)| {
                            let x = w.x(*t);
                            html! {
                                <line class="tick" x1={x.to_string()} x2={x.to_string()} y1="0" y2={(height - 18.0).to_string()} />
                            }
                        }) }
                        { for shown.iter().enumerate().map(|(i, row)| {
                            let y = i as f64 * ROW_H + 4.0;
                            let markers = row.markers.iter().filter(|m| m.t >= w.start && m.t <= w.end);
                            html! {
                                <g class={classes!("row", format!("c{}", row.colour))}>
                                    { for visible_segments(row, w, total).into_iter().map(|(x, width, a)| {
                                        let (top, h) = a.band();
                                        let band = ROW_H - 8.0;
                                        html! {
                                            <rect class={classes!("seg", a.class())} x={x.to_string()} y={(y + top * band).to_string()}
                                                  width={width.to_string()} height={(h * band).to_string()} />
                                        }
                                    }) }
                                    { for markers.map(|m| {
                                        let x = w.x(m.t);
                                        let (class, title) = match m.kind {
                                            MarkerKind::Print => ("marker-print", say(lang, &Phrase::PrintAt(secs(m.t)))),
                                            MarkerKind::Resolved => ("marker-resolved", say(lang, &Phrase::ResolvedAt(secs(m.t)))),
                                        };
                                        let on_seek_event = props.on_seek_event.clone();
                                        let event = m.event;
                                        html! {
                                            <rect class={class} x={(x - 1.5).to_string()} y={(y - 3.0).to_string()} width="3" height={(ROW_H - 2.0).to_string()}
                                                  onpointerdown={Callback::from(move |e: PointerEvent| { e.stop_propagation(); on_seek_event.emit(event); })}>
                                                <title>{ title }</title>
                                            </rect>
                                        }
                                    }) }
                                </g>
                            }
                        }) }
                        <line class="playhead" x1={playhead.to_string()} x2={playhead.to_string()} y1="0" y2={(height - 18.0).to_string()} />
                    </svg>
                    // Tick labels are HTML so that they keep their shape
                    // whatever the plot's stretch.
                    <div class="tick-labels" aria-hidden="true">
                        { for ticks.iter().map(|(t, label)| html! {
                            <span style={format!("left: {}%", w.x(*t) / PLOT_W * 100.0)}>{ label }</span>
                        }) }
                    </div>
                    </div>
                </div>
                if rows > VISIBLE_ROWS {
                    <label class="row-scroll">
                        <span>{ say(lang, &Phrase::RowsOf(first + 1, first + shown.len(), rows)) }</span>
                        <input type="range" min="0" max={(rows - VISIBLE_ROWS).to_string()} value={first.to_string()}
                               aria-label={t.scroll_rows} oninput={on_scroll} />
                    </label>
                }
            }
        </div>
    }
}

/// Tick marks for the window: about eight, at round steps.
fn ticks(w: Window) -> Vec<(f64, String)> {
    let span = w.end - w.start;
    if span.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
        return Vec::new();
    }
    let raw = span / 8.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(raw);
    let decimals = if step >= 1.0 {
        0
    } else {
        (-step.log10().floor()) as usize
    };
    let mut out = Vec::new();
    let mut t = (w.start / step).ceil() * step;
    while t <= w.end && out.len() < 20 {
        out.push((t, format!("{t:.decimals$} s")));
        t += step;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round() {
        let t = ticks(Window {
            start: 0.0,
            end: 2.04,
        });
        assert_eq!(t.first().map(|x| x.1.as_str()), Some("0.0 s"));
        assert_eq!(t[1].1, "0.5 s");
        assert!(ticks(Window {
            start: 0.0,
            end: 0.0
        })
        .is_empty());
    }

    #[test]
    fn tiny_segments_merge_into_at_most_one_per_unit() {
        use crate::model::run::{RowKey, RowLabel, Segment};
        let activities = [Activity::Running, Activity::Waiting, Activity::Blocking];
        let segments: Vec<Segment> = (0..20_000)
            .map(|i| Segment {
                t: i as f64 * 1e-4,
                event: i,
                activity: activities[i % 3],
            })
            .collect();
        let row = Row {
            key: RowKey::Task(loopscope_sim::TaskId(0)),
            label: RowLabel::Main,
            colour: 0,
            segments,
            markers: Vec::new(),
        };
        let drawn = visible_segments(&row, Window::fit(2.0), 2.0);
        assert!(drawn.len() <= PLOT_W as usize, "{} rectangles", drawn.len());
        // The loop's blocking is never hidden by the waiting around it.
        assert!(drawn.iter().all(|d| d.2 == Activity::Blocking));
        // Zoomed in, the segments are wide enough to draw one by one.
        let zoomed = visible_segments(
            &row,
            Window {
                start: 0.0,
                end: 0.01,
            },
            2.0,
        );
        assert_eq!(zoomed.len(), 100);
    }

    #[test]
    fn zoom_and_pan_stay_within_the_run() {
        let w = Window::fit(10.0).zoom(0.5, 5.0, 10.0);
        assert!((w.end - w.start - 5.1).abs() < 1e-9);
        let p = w.pan(100.0, 10.0);
        assert!((p.end - 10.2).abs() < 1e-9);
        let p = w.pan(-100.0, 10.0);
        assert_eq!(p.start, 0.0);
    }
}
