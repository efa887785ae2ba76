//! The timeline's layout: a row per thread and per task over virtual time,
//! coloured by state, with markers for prints and resolutions and the
//! playhead, as a plain data structure ([`Plot`]) that the page draws
//! (`view::timeline`) and the SVG download writes (`model::svg`).
//!
//! The horizontal axis is virtual time, or the order of events ([`Axis`]):
//! when most of a run happens at one instant (`sleep(0)`, a chain of
//! callbacks), time does not move and a time axis draws everything in one
//! sliver, so each event gets a column instead.
//!
//! Only what is visible is laid out: rows outside the scrolled window are
//! left out, and each row keeps only the segments that overlap the visible
//! time range, so ten thousand tasks stay smooth.

use crate::i18n::{say, Lang, Phrase};
use crate::model::run::{Activity, MarkerKind, Row, Run};
use crate::model::words::secs;

/// Height of one row in pixels.
pub const ROW_H: f64 = 24.0;
/// Width of the label column in pixels.
pub const LABEL_W: f64 = 190.0;
/// Width of the drawing area in SVG units.
pub const PLOT_W: f64 = 1000.0;
/// Rows drawn at most at once (the rest are reached by scrolling).
pub const VISIBLE_ROWS: usize = 14;

/// What the timeline's horizontal axis measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Axis {
    /// Virtual time, in seconds.
    #[default]
    Time,
    /// The order of events: each event is one column.
    Steps,
}

impl Axis {
    /// Both axes, in the order the menu lists them.
    pub const ALL: [Axis; 2] = [Axis::Time, Axis::Steps];

    /// The menu's option value: `time` or `steps`.
    pub fn key(self) -> &'static str {
        match self {
            Axis::Time => "time",
            Axis::Steps => "steps",
        }
    }

    /// The axis for an option value.
    pub fn from_key(key: &str) -> Option<Axis> {
        Axis::ALL.into_iter().find(|a| a.key() == key)
    }

    /// The axis a run opens on: steps when time does not move, or when
    /// nearly all of its events (nine in ten) happen at one instant (then a
    /// time axis would draw them all in one sliver), else time.  The
    /// presets that sleep put two thirds to three quarters of their events
    /// at one instant (the start, or asyncio.run's shutdown at the end) and
    /// still read best over time, hence the high bar.
    pub fn automatic(run: &Run) -> Axis {
        let busiest = run.burst.iter().copied().max().unwrap_or(0) as usize;
        if !run.is_empty() && (run.summary.total == 0.0 || busiest * 10 >= run.len() * 9) {
            Axis::Steps
        } else {
            Axis::Time
        }
    }

    /// How far the axis goes for `run`: its total time, or its event count.
    pub fn extent(self, run: &Run) -> f64 {
        match self {
            Axis::Time => run.summary.total,
            Axis::Steps => run.len() as f64,
        }
    }

    /// Where the playhead is on this axis.
    pub fn playhead(self, at: Playhead) -> f64 {
        match self {
            Axis::Time => at.clock,
            Axis::Steps => at.cursor as f64,
        }
    }
}

/// The playhead: events applied and virtual time.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Playhead {
    /// How many events are applied.
    pub cursor: usize,
    /// Virtual seconds.
    pub clock: f64,
}

/// The visible window of the axis (seconds, or event columns).
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

    /// Where virtual time `t` falls in the drawing area's units.
    pub fn x(&self, t: f64) -> f64 {
        (t - self.start) / (self.end - self.start) * PLOT_W
    }
}

/// Where a segment starts on `axis`: its time, or its event's column.
fn start(axis: Axis, seg: &crate::model::run::Segment) -> f64 {
    match axis {
        Axis::Time => seg.t,
        Axis::Steps => seg.event as f64,
    }
}

/// The segments of `row` that overlap the window of `axis`, as (x, width,
/// activity); `end` is where the last segment stops.
pub fn visible_segments(
    row: &Row,
    axis: Axis,
    window: Window,
    end: f64,
) -> Vec<(f64, f64, Activity)> {
    let segs = &row.segments;
    // Segments are sorted by start on both axes: skip those that end before the window.
    let first = segs
        .partition_point(|s| start(axis, s) < window.start)
        .saturating_sub(1);
    let mut out: Vec<(f64, f64, Activity)> = Vec::new();
    for (i, seg) in segs.iter().enumerate().skip(first) {
        let begin = start(axis, seg);
        if begin > window.end {
            break;
        }
        let stop = segs.get(i + 1).map(|n| start(axis, n)).unwrap_or(end);
        let x0 = window.x(begin.max(window.start));
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

/// A segment's rectangle.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
    /// The state it shows.
    pub activity: Activity,
}

/// A print's or a resolution's marker.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Height (the width is 3).
    pub height: f64,
    /// Its class: `marker-print` or `marker-resolved`.
    pub class: &'static str,
    /// Its tooltip.
    pub title: String,
    /// The event it marks, to seek to.
    pub event: usize,
}

/// One drawn row.
#[derive(Clone, Debug, PartialEq)]
pub struct PlotRow {
    /// Its colour class number.
    pub colour: usize,
    /// Its label (the thread's or the task's name).
    pub label: String,
    /// The segments that show.
    pub bars: Vec<Bar>,
    /// The markers in the window.
    pub marks: Vec<Mark>,
}

/// The timeline's drawing area for one window of time and rows.
#[derive(Clone, Debug, PartialEq)]
pub struct Plot {
    /// Width, in the drawing area's units.
    pub width: f64,
    /// Height, in pixels (the rows and the tick labels under them).
    pub height: f64,
    /// The tick lines' places (in the drawing area's units) and their labels.
    pub ticks: Vec<(f64, String)>,
    /// How far down the tick lines and the playhead go.
    pub line_end: f64,
    /// The rows shown.
    pub rows: Vec<PlotRow>,
    /// The playhead's place.
    pub playhead: f64,
}

/// The rows of `all` from `first`, at most `count` of them (the scrolled window).
pub fn window_rows(all: &[Row], first: usize, count: usize) -> &[Row] {
    let first = first.min(all.len());
    &all[first..(first + count).min(all.len())]
}

/// Lays out `shown` (rows of `run`, see [`window_rows`]) in `window` of
/// `axis`, with the playhead `at`, in `lang`.
pub fn plot(
    run: &Run,
    shown: &[Row],
    axis: Axis,
    window: Window,
    at: Playhead,
    lang: Lang,
) -> Plot {
    let total = axis.extent(run);
    let height = (shown.len().max(1) as f64) * ROW_H + 22.0;
    let band = ROW_H - 8.0;
    let rows = shown
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let y = i as f64 * ROW_H + 4.0;
            let bars = visible_segments(row, axis, window, total)
                .into_iter()
                .map(|(x, width, activity)| {
                    let (top, h) = activity.band();
                    Bar {
                        x,
                        y: y + top * band,
                        width,
                        height: h * band,
                        activity,
                    }
                })
                .collect();
            let place = |m: &crate::model::run::Marker| match axis {
                Axis::Time => m.t,
                // A marker sits in the middle of its event's column.
                Axis::Steps => m.event as f64 + 0.5,
            };
            let marks = row
                .markers
                .iter()
                .filter(|m| place(m) >= window.start && place(m) <= window.end)
                .map(|m| {
                    let (class, title) = match m.kind {
                        MarkerKind::Print => {
                            ("marker-print", say(lang, &Phrase::PrintAt(secs(m.t))))
                        }
                        MarkerKind::Resolved => {
                            ("marker-resolved", say(lang, &Phrase::ResolvedAt(secs(m.t))))
                        }
                    };
                    Mark {
                        x: window.x(place(m)) - 1.5,
                        y: y - 3.0,
                        height: ROW_H - 2.0,
                        class,
                        title,
                        event: m.event,
                    }
                })
                .collect();
            PlotRow {
                colour: row.colour,
                label: row.label.text(lang),
                bars,
                marks,
            }
        })
        .collect();
    Plot {
        width: PLOT_W,
        height,
        ticks: ticks(axis, window)
            .into_iter()
            .map(|(t, label)| (window.x(t), label))
            .collect(),
        line_end: height - 18.0,
        rows,
        playhead: window.x(axis.playhead(at)),
    }
}

/// Tick marks for the window: about eight, at round steps (seconds, or
/// whole event numbers).
pub fn ticks(axis: Axis, w: Window) -> Vec<(f64, String)> {
    let span = w.end - w.start;
    if span.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
        return Vec::new();
    }
    let raw = span / 8.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let mut step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(raw);
    if axis == Axis::Steps {
        // Events are counted in whole numbers.
        step = step.max(1.0);
    }
    let decimals = if step >= 1.0 {
        0
    } else {
        (-step.log10().floor()) as usize
    };
    let mut out = Vec::new();
    let mut t = (w.start / step).ceil() * step;
    while t <= w.end && out.len() < 20 {
        out.push((
            t,
            match axis {
                Axis::Time => format!("{t:.decimals$} s"),
                Axis::Steps => format!("#{t:.0}"),
            },
        ));
        t += step;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plot_shows_its_rows_and_window() {
        let run = crate::model::engine::execute(
            crate::model::presets::find("two-tasks").unwrap().source,
            None,
        );
        let total = run.summary.total;
        let mid = Playhead {
            cursor: run.cursor_at_time(total / 2.0),
            clock: total / 2.0,
        };
        let whole = plot(
            &run,
            window_rows(run.rows(false), 0, VISIBLE_ROWS),
            Axis::Time,
            Window::fit(total),
            mid,
            Lang::En,
        );
        assert_eq!(whole.rows.len(), run.rows.len().min(VISIBLE_ROWS));
        assert_eq!(whole.height, whole.rows.len() as f64 * ROW_H + 22.0);
        assert_eq!(whole.playhead, Window::fit(total).x(total / 2.0));
        assert_eq!(whole.rows[0].label, "MainThread (runs the loop)");
        // Every print is marked, and every bar lies in its row's band.
        let prints: usize = whole
            .rows
            .iter()
            .flat_map(|r| &r.marks)
            .filter(|m| m.class == "marker-print")
            .count();
        assert_eq!(prints, 4);
        for (i, row) in whole.rows.iter().enumerate() {
            let top = i as f64 * ROW_H + 4.0;
            for bar in &row.bars {
                assert!(
                    bar.y >= top && bar.y + bar.height <= top + ROW_H - 8.0 + 1e-9,
                    "{bar:?}"
                );
                assert!(bar.x >= 0.0 && bar.x + bar.width <= PLOT_W + 2.5, "{bar:?}");
            }
        }
        // Scrolled by one row and zoomed into the first half: later marks drop out.
        let half = Window {
            start: 0.0,
            end: total / 2.0,
        };
        let start = Playhead {
            cursor: 0,
            clock: 0.0,
        };
        let part = plot(
            &run,
            window_rows(&run.rows, 1, 2),
            Axis::Time,
            half,
            start,
            Lang::Ja,
        );
        assert_eq!(part.rows.len(), 2);
        assert_eq!(part.rows[0].label, whole.rows[1].label);
        assert!(part
            .rows
            .iter()
            .flat_map(|r| &r.marks)
            .all(|m| m.x <= PLOT_W));
        assert_eq!(part.playhead, 0.0);
    }

    #[test]
    fn ticks_are_round() {
        let t = ticks(
            Axis::Time,
            Window {
                start: 0.0,
                end: 2.04,
            },
        );
        assert_eq!(t.first().map(|x| x.1.as_str()), Some("0.0 s"));
        assert_eq!(t[1].1, "0.5 s");
        assert!(ticks(
            Axis::Time,
            Window {
                start: 0.0,
                end: 0.0
            }
        )
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
        let drawn = visible_segments(&row, Axis::Time, Window::fit(2.0), 2.0);
        assert!(drawn.len() <= PLOT_W as usize, "{} rectangles", drawn.len());
        // The loop's blocking is never hidden by the waiting around it.
        assert!(drawn.iter().all(|d| d.2 == Activity::Blocking));
        // Zoomed in, the segments are wide enough to draw one by one.
        let zoomed = visible_segments(
            &row,
            Axis::Time,
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

    /// How much of the drawing area's width a plot's bars cover, at most
    /// `PLOT_W` per row.
    fn covered(p: &Plot) -> f64 {
        p.rows
            .iter()
            .flat_map(|r| &r.bars)
            .map(|b| b.width.min(PLOT_W))
            .sum()
    }

    #[test]
    fn a_run_at_one_instant_opens_on_steps_and_shows_its_story() {
        let run = |id: &str| {
            crate::model::engine::execute(crate::model::presets::find(id).unwrap().source, None)
        };
        let fairness = run("fairness");
        assert_eq!(fairness.summary.total, 0.0);
        assert_eq!(Axis::automatic(&fairness), Axis::Steps);
        for id in crate::model::presets::PRESETS
            .iter()
            .map(|p| p.id)
            .filter(|id| *id != "fairness")
        {
            let p = crate::model::presets::find(id).unwrap();
            let other = crate::model::engine::execute(p.source, p.cpu_speed);
            assert_eq!(Axis::automatic(&other), Axis::Time, "{id}");
        }
        let at = Playhead {
            cursor: fairness.len() / 2,
            clock: 0.0,
        };
        let draw = |axis: Axis| {
            let window = Window::fit(axis.extent(&fairness));
            let rows = window_rows(fairness.rows(true), 0, VISIBLE_ROWS);
            plot(&fairness, rows, axis, window, at, Lang::En)
        };
        // On the time axis everything is squeezed into slivers at x = 0.
        let time = draw(Axis::Time);
        assert!(
            time.rows.iter().flat_map(|r| &r.bars).all(|b| b.x < 3.0),
            "{time:?}"
        );
        // By steps, the rows' stripes spread across the width, the marks
        // of the prints are apart, and the playhead is in the middle.
        let steps = draw(Axis::Steps);
        assert!(covered(&steps) > 2.0 * PLOT_W, "{}", covered(&steps));
        let mut prints: Vec<f64> = steps
            .rows
            .iter()
            .flat_map(|r| &r.marks)
            .filter(|m| m.class == "marker-print")
            .map(|m| m.x)
            .collect();
        prints.sort_by(f64::total_cmp);
        assert!(prints.len() >= 10, "{prints:?}");
        assert!(prints.windows(2).all(|w| w[1] - w[0] > 1.0), "{prints:?}");
        assert!((steps.playhead - PLOT_W / 2.0 / 1.02).abs() < PLOT_W * 0.02);
        let labels: Vec<&str> = steps.ticks.iter().map(|t| t.1.as_str()).collect();
        assert_eq!(labels.first(), Some(&"#0"), "{labels:?}");
        assert!(labels.iter().all(|l| l.starts_with('#')), "{labels:?}");
    }

    #[test]
    fn ten_thousand_tasks_lay_out_only_the_rows_that_show() {
        let run = crate::model::engine::execute(
            "import asyncio\n\nasync def hop(i):\n    for k in range(3):\n        await asyncio.sleep(0.001 * ((i * 7 + k) % 13 + 1))\n\nasync def main():\n    await asyncio.gather(*[hop(i) for i in range(10000)])\n\nasyncio.run(main())\n",
            None,
        );
        let rows = run.rows(true);
        assert!(rows.len() > 10_000);
        let at = Playhead {
            cursor: run.len() / 2,
            clock: run.summary.total / 2.0,
        };
        for axis in Axis::ALL {
            let window = Window::fit(axis.extent(&run));
            for first in [0, 5_000, rows.len()] {
                let p = plot(
                    &run,
                    window_rows(rows, first, VISIBLE_ROWS),
                    axis,
                    window,
                    at,
                    Lang::En,
                );
                assert!(p.rows.len() <= VISIBLE_ROWS, "{}", p.rows.len());
                // Level of detail: never more marks than units of width in a row.
                for row in &p.rows {
                    assert!(
                        row.bars.len() <= PLOT_W as usize,
                        "{axis:?} {}",
                        row.bars.len()
                    );
                }
            }
        }
    }
}
