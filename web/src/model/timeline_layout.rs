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
        if !run.is_empty() && (run.summary.total == 0.0 || run.busiest * 10 >= run.len() * 9) {
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
/// activity); `end` is where the last segment stops.  Segments narrower
/// than a unit merge into the one drawn before them (the more telling state
/// wins), so a row of twenty thousand instants is at most one piece per
/// unit of width; [`level_of_detail`] then draws what is still too fine to
/// see as shares.
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
        if let Some(last) = out.last_mut() {
            // The same state again, right where the last piece ends: one piece.
            if seg.activity == last.2 && x0 <= last.0 + last.1 + 1e-9 {
                last.1 = last.1.max(x0 + width - last.0);
                continue;
            }
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

/// Pieces narrower than this (in units of [`PLOT_W`], about a pixel each)
/// are too fine to tell apart: a run of them is drawn as shares.
pub const FINE: f64 = 6.0;

/// Width of the spans over which a run of fine pieces is summed up: wide
/// enough to hold several turns of a regular pattern, so that its shares
/// do not flicker from span to span.
const SPAN: f64 = 24.0;

/// One drawn piece of a row: a whole segment, or one state's share of a
/// span of pieces too fine to draw one by one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Piece {
    /// Left edge.
    pub x: f64,
    /// Width.
    pub width: f64,
    /// The state it shows.
    pub activity: Activity,
    /// For a share, its place in the row's band: (top, height) as
    /// fractions; `None` for a whole segment (drawn as its state's band).
    pub share: Option<(f64, f64)>,
}

/// The level of detail at the current zoom.  Pieces at least [`FINE`] wide
/// are drawn as they are.  A run of narrower pieces that follow one another
/// (a thread taking turns for the GIL every 5 ms, a loop stepping thousands
/// of tasks) would be a blur of slivers: it is summed up span by span, each
/// state present drawn as a stripe of the band whose height is its share of
/// the span's time, the most telling state on top, and neighbouring spans
/// with the same shares drawn as one.  Zooming in until the pieces are
/// [`FINE`] wide shows them one by one again.
pub fn level_of_detail(pieces: &[(f64, f64, Activity)]) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        // The run of fine pieces starting here, each starting where the
        // previous one ends.
        let mut j = i;
        while j < pieces.len()
            && pieces[j].1 < FINE
            && (j == i || pieces[j].0 <= pieces[j - 1].0 + pieces[j - 1].1 + 1e-6)
        {
            j += 1;
        }
        let run = &pieces[i..j];
        if run.iter().any(|p| p.2 != pieces[i].2) {
            sum_up(run, &mut out);
            i = j;
        } else {
            // Nothing to sum up: the piece as it is.
            let (x, width, activity) = pieces[i];
            out.push(Piece {
                x,
                width,
                activity,
                share: None,
            });
            i += 1;
        }
    }
    out
}

/// Draws `run` (fine pieces, one after another) as shares, span by span.
fn sum_up(run: &[(f64, f64, Activity)], out: &mut Vec<Piece>) {
    let start = run[0].0;
    let end = run.iter().map(|p| p.0 + p.1).fold(start, f64::max);
    let spans = ((end - start) / SPAN).ceil().max(1.0) as usize;
    // Each state's time in each span, by overlap.  A piece counts up to
    // where the next one starts: the sliver an instant is drawn with is
    // not time.
    let mut time = vec![[0.0f64; Activity::ALL.len()]; spans];
    for (n, &(x, w, a)) in run.iter().enumerate() {
        let w = run.get(n + 1).map_or(w, |next| w.min(next.0 - x).max(0.0));
        let (from, to) = (x - start, x - start + w);
        let first = ((from / SPAN) as usize).min(spans - 1);
        let last = (((to / SPAN).ceil() as usize).max(first + 1)).min(spans);
        for (k, span) in time.iter_mut().enumerate().take(last).skip(first) {
            let lo = from.max(k as f64 * SPAN);
            let hi = to.min((k + 1) as f64 * SPAN);
            if hi > lo {
                span[a as usize] += hi - lo;
            }
        }
    }
    // Shares in eighths: finer differences cannot be seen in a band of 16
    // pixels, and equal neighbours then draw as one.
    let eighths = |span: &[f64; Activity::ALL.len()]| -> [u8; Activity::ALL.len()] {
        let total: f64 = span.iter().sum();
        let mut q = [0u8; Activity::ALL.len()];
        if total <= 0.0 {
            return q;
        }
        let mut given = 0u8;
        let mut largest = 0;
        for (k, t) in span.iter().enumerate() {
            q[k] = if *t > 0.0 {
                ((t / total * 8.0).round() as u8).max(1)
            } else {
                0
            };
            given += q[k];
            if span[k] > span[largest] {
                largest = k;
            }
        }
        // The largest share takes up what rounding left over or took.
        q[largest] = (i16::from(q[largest]) + 8 - i16::from(given)).max(1) as u8;
        q
    };
    let quantised: Vec<[u8; Activity::ALL.len()]> = time.iter().map(eighths).collect();
    let mut k = 0;
    while k < spans {
        let shares = quantised[k];
        let mut m = k + 1;
        while m < spans && quantised[m] == shares {
            m += 1;
        }
        let x = start + k as f64 * SPAN;
        let width = (start + m as f64 * SPAN).min(end) - x;
        let total: u8 = shares.iter().sum();
        // The most telling state on top.
        let mut order: Vec<Activity> = Activity::ALL
            .into_iter()
            .filter(|a| shares[*a as usize] > 0)
            .collect();
        order.sort_by_key(|a| std::cmp::Reverse(a.weight()));
        let mut top = 0u8;
        for activity in order {
            let h = shares[activity as usize];
            out.push(Piece {
                x,
                width,
                activity,
                share: Some((
                    f64::from(top) / f64::from(total),
                    f64::from(h) / f64::from(total),
                )),
            });
            top += h;
        }
        k = m;
    }
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
            let bars = level_of_detail(&visible_segments(row, axis, window, total))
                .into_iter()
                .map(|piece| {
                    let (top, h) = piece.share.unwrap_or_else(|| piece.activity.band());
                    Bar {
                        x: piece.x,
                        y: y + top * band,
                        width: piece.width,
                        height: h * band,
                        activity: piece.activity,
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
        let pieces = visible_segments(&row, Axis::Time, Window::fit(2.0), 2.0);
        assert!(pieces.len() <= PLOT_W as usize, "{} pieces", pieces.len());
        // The loop's blocking is never hidden by the waiting around it.
        assert!(pieces.iter().all(|d| d.2 == Activity::Blocking));
        // Where the pieces cover the axis, the level of detail draws a few marks.
        let drawn = level_of_detail(&pieces);
        assert!(drawn.len() <= 4, "{drawn:?}");
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

    /// A drawn piece as (x, width, state, share).
    type Drawn = (f64, f64, Activity, Option<(f64, f64)>);

    /// The one check of the level of detail: `pieces` (x, width, state)
    /// drawn as `expected`.
    fn check_detail(pieces: &[(f64, f64, Activity)], expected: &[Drawn]) {
        let got: Vec<Drawn> = level_of_detail(pieces)
            .into_iter()
            .map(|p| (p.x, p.width, p.activity, p.share))
            .collect();
        assert_eq!(got, expected, "{pieces:?}");
    }

    #[test]
    fn fine_pieces_are_summed_up_as_shares_and_wide_ones_stay() {
        use Activity::{Gil, Running, Waiting};
        // Wide pieces are drawn as they are.
        check_detail(
            &[(0.0, 100.0, Waiting), (100.0, 50.0, Running)],
            &[(0.0, 100.0, Waiting, None), (100.0, 50.0, Running, None)],
        );
        // One fine piece between wide ones stays itself.
        check_detail(
            &[
                (0.0, 100.0, Waiting),
                (100.0, 2.0, Running),
                (102.0, 50.0, Waiting),
            ],
            &[
                (0.0, 100.0, Waiting, None),
                (100.0, 2.0, Running, None),
                (102.0, 50.0, Waiting, None),
            ],
        );
        // A thread taking turns for the GIL (1 unit running, 3 waiting for
        // it) over 240 units: one stripe a state, a quarter running on top
        // (it tells more) and three quarters waiting below.
        let turns: Vec<(f64, f64, Activity)> = (0..60)
            .flat_map(|k| {
                let x = k as f64 * 4.0;
                [(x, 1.0, Running), (x + 1.0, 3.0, Gil)]
            })
            .collect();
        check_detail(
            &turns,
            &[
                (0.0, 240.0, Running, Some((0.0, 0.25))),
                (0.0, 240.0, Gil, Some((0.25, 0.75))),
            ],
        );
        // Where the mix changes, so do the shares; after the run, a wide
        // piece is drawn as it is.
        let mut mixed: Vec<(f64, f64, Activity)> = (0..6)
            .flat_map(|k| {
                [
                    (k as f64 * 4.0, 2.0, Running),
                    (k as f64 * 4.0 + 2.0, 2.0, Gil),
                ]
            })
            .collect();
        mixed.extend((0..6).flat_map(|k| {
            [
                (24.0 + k as f64 * 4.0, 1.0, Running),
                (25.0 + k as f64 * 4.0, 3.0, Gil),
            ]
        }));
        mixed.push((48.0, 30.0, Waiting));
        check_detail(
            &mixed,
            &[
                (0.0, 24.0, Running, Some((0.0, 0.5))),
                (0.0, 24.0, Gil, Some((0.5, 0.5))),
                (24.0, 24.0, Running, Some((0.0, 0.25))),
                (24.0, 24.0, Gil, Some((0.25, 0.75))),
                (48.0, 30.0, Waiting, None),
            ],
        );
    }

    #[test]
    fn the_gil_preset_draws_a_few_marks_a_thread_until_zoomed_in() {
        let preset = crate::model::presets::find("gil").expect("preset");
        let run = crate::model::engine::execute(preset.source, preset.cpu_speed);
        let total = Axis::Time.extent(&run);
        let at = Playhead {
            clock: 0.0,
            cursor: 0,
        };
        let fit = plot(
            &run,
            &run.rows,
            Axis::Time,
            Window::fit(total),
            at,
            Lang::En,
        );
        let threads = |p: &Plot| -> Vec<(usize, usize, usize)> {
            p.rows
                .iter()
                .filter(|r| r.label.starts_with("ThreadPoolExecutor"))
                .map(|r| {
                    let count = |a: Activity| r.bars.iter().filter(|b| b.activity == a).count();
                    (r.bars.len(), count(Activity::Running), count(Activity::Gil))
                })
                .collect()
        };
        let whole = threads(&fit);
        assert_eq!(whole.len(), 4, "{whole:?}");
        // Taking turns shows as shares: a few marks a thread, both states in them.
        for (bars, running, gil) in &whole {
            assert!(*bars <= 12 && *running >= 1 && *gil >= 1, "{whole:?}");
        }
        // Zoomed in on 50 ms, each 5 ms turn is drawn one by one.
        let zoomed = plot(
            &run,
            &run.rows,
            Axis::Time,
            Window {
                start: 1.0,
                end: 1.05,
            },
            at,
            Lang::En,
        );
        for (bars, running, _) in threads(&zoomed) {
            assert!(bars >= 5 && running >= 2, "{bars} bars, {running} running");
        }
    }
}
