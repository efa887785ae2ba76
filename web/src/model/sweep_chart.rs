//! The sweep's chart as data: axes, ticks, the two curves (total virtual
//! time and time the loop was blocked), the legend and one mark per run.
//!
//! The page draws these marks as SVG elements (`view::sweep`) and the
//! download writes the very same marks as text (`model::svg::sweep_svg`),
//! so the file is the chart on screen.

use crate::i18n::{texts, Lang};
use crate::model::sliders::Slider;
use crate::model::sweep::{End, Outcome};
use crate::model::words::secs;

/// Width of the chart in SVG units (a phone's chart is narrower, so that
/// its words keep a readable size when it fills the screen's width).
pub fn width(compact: bool) -> f64 {
    if compact {
        340.0
    } else {
        640.0
    }
}
/// Height of the chart in SVG units.
pub fn height(compact: bool) -> f64 {
    if compact {
        270.0
    } else {
        300.0
    }
}
/// Left margin (the vertical axis' tick labels).
const LEFT: f64 = 40.0;
/// Right margin.
const RIGHT: f64 = 16.0;
/// Bottom margin (the horizontal axis' tick labels and title).
const BOTTOM: f64 = 46.0;

/// How a text is anchored at its point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// At its start.
    Start,
    /// At its middle.
    Middle,
    /// At its end.
    End,
}

impl Anchor {
    /// The `text-anchor` value.
    pub fn css(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// One mark of the chart.
#[derive(Clone, Debug, PartialEq)]
pub enum Mark {
    /// A straight line (axes, ticks, grid, legend swatches).
    Line {
        /// Start x.
        x1: f64,
        /// Start y.
        y1: f64,
        /// End x.
        x2: f64,
        /// End y.
        y2: f64,
        /// Its class (`axis`, `grid`, `total`, `blocked`).
        class: &'static str,
    },
    /// A curve through points (`x,y x,y …`).
    Curve {
        /// The points, as an SVG `points` list.
        points: String,
        /// Its class (`total` or `blocked`).
        class: &'static str,
    },
    /// A text.
    Text {
        /// Anchor x.
        x: f64,
        /// Baseline y.
        y: f64,
        /// The words.
        text: String,
        /// How it is anchored.
        anchor: Anchor,
        /// Its class (`tick`, `title`, `legend`).
        class: &'static str,
    },
    /// A small dot of the blocked curve.
    Dot {
        /// Centre x.
        x: f64,
        /// Centre y.
        y: f64,
    },
    /// One run: a point a person can choose.
    Point {
        /// Its index among the sweep's runs.
        index: usize,
        /// Centre x.
        x: f64,
        /// Centre y.
        y: f64,
        /// The slider's value, as the literal is written.
        value: String,
        /// The run's total virtual time, as the page shows times.
        total: String,
        /// What it says to a screen reader and in its tooltip.
        label: String,
        /// Whether the run went wrong.
        failed: bool,
        /// Whether it is the run shown now.
        chosen: bool,
    },
}

/// The whole chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    /// Its width in SVG units.
    pub width: f64,
    /// Its height in SVG units.
    pub height: f64,
    /// Its marks, back to front.
    pub marks: Vec<Mark>,
    /// Its title (the swept slider).
    pub title: String,
}

/// A tick step of 1, 2 or 5 times a power of ten that cuts `span` into at most `max` parts.
fn tick_step(span: f64, max: usize) -> f64 {
    if span.is_nan() || span <= 0.0 || span.is_infinite() {
        return 1.0;
    }
    let raw = span / max as f64;
    let power = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * power)
}

/// A tick label: as few decimals as the step needs.
fn tick(value: f64, step: f64) -> String {
    let decimals = if step >= 1.0 {
        0
    } else {
        (-step.log10().floor()) as usize
    };
    format!("{value:.decimals$}")
}

/// Lays out the chart of a sweep of `slider` over `values` with `outcomes`
/// (one each), `chosen` the run shown now, in `lang`, narrow or not.
pub fn chart(
    slider: &Slider,
    values: &[f64],
    outcomes: &[Outcome],
    chosen: Option<usize>,
    lang: Lang,
    compact: bool,
) -> Chart {
    let t = texts(lang);
    let (w, h) = (width(compact), height(compact));
    // The legend takes a line of its own on a phone, two there.
    let top = if compact { 62.0 } else { 34.0 };
    let (x0, x1, y0, y1) = (LEFT, w - RIGHT, h - BOTTOM, top);
    let (vmin, vmax) = (
        values.first().copied().unwrap_or(0.0),
        values.last().copied().unwrap_or(1.0),
    );
    let vspan = if vmax > vmin { vmax - vmin } else { 1.0 };
    let top = outcomes
        .iter()
        .filter(|o| o.end != End::Skipped)
        .map(|o| o.total.max(o.blocked))
        .fold(0.0, f64::max);
    let ystep = tick_step(if top > 0.0 { top } else { 1.0 }, 5);
    let ymax = ((top / ystep).ceil() * ystep).max(ystep);
    let xstep = tick_step(vspan, if compact { 5 } else { 8 });
    let x = |v: f64| x0 + (v - vmin) / vspan * (x1 - x0);
    let y = |s: f64| y0 - s / ymax * (y0 - y1);
    let mut marks = Vec::new();
    // Grid and ticks of the vertical axis (virtual seconds).
    let mut s = 0.0;
    while s <= ymax + ystep / 2.0 {
        marks.push(Mark::Line {
            x1: x0,
            y1: y(s),
            x2: x1,
            y2: y(s),
            class: "grid",
        });
        marks.push(Mark::Text {
            x: x0 - 6.0,
            y: y(s) + 4.0,
            text: tick(s, ystep),
            anchor: Anchor::End,
            class: "tick",
        });
        s += ystep;
    }
    // Ticks of the horizontal axis (the slider's values).
    let mut v = (vmin / xstep).ceil() * xstep;
    while v <= vmax + xstep / 1000.0 {
        marks.push(Mark::Line {
            x1: x(v),
            y1: y0,
            x2: x(v),
            y2: y0 + 4.0,
            class: "axis",
        });
        marks.push(Mark::Text {
            x: x(v),
            y: y0 + 16.0,
            text: tick(v, xstep),
            anchor: Anchor::Middle,
            class: "tick",
        });
        v += xstep;
    }
    marks.push(Mark::Line {
        x1: x0,
        y1: y0,
        x2: x1,
        y2: y0,
        class: "axis",
    });
    marks.push(Mark::Line {
        x1: x0,
        y1: y0,
        x2: x0,
        y2: y1,
        class: "axis",
    });
    marks.push(Mark::Text {
        x: (x0 + x1) / 2.0,
        y: h - 8.0,
        text: slider.label(lang),
        anchor: Anchor::Middle,
        class: "title",
    });
    marks.push(Mark::Text {
        x: 8.0,
        y: 14.0,
        text: t.sweep_seconds.to_string(),
        anchor: Anchor::Start,
        class: "title",
    });
    // The legend: beside the axis title, or under it on a phone.
    let legend = if compact {
        [
            (t.sweep_total, "total", 8.0, 32.0),
            (t.sweep_blocked, "blocked", 8.0, 48.0),
        ]
    } else {
        [
            (t.sweep_total, "total", 170.0, 14.0),
            (t.sweep_blocked, "blocked", 360.0, 14.0),
        ]
    };
    for (text, class, lx, ly) in legend {
        marks.push(Mark::Line {
            x1: lx,
            y1: ly - 4.0,
            x2: lx + 18.0,
            y2: ly - 4.0,
            class,
        });
        marks.push(Mark::Text {
            x: lx + 24.0,
            y: ly,
            text: text.to_string(),
            anchor: Anchor::Start,
            class: "legend",
        });
    }
    let ran: Vec<(usize, f64, &Outcome)> = values
        .iter()
        .zip(outcomes)
        .enumerate()
        .filter(|(_, (_, o))| o.end != End::Skipped)
        .map(|(i, (v, o))| (i, *v, o))
        .collect();
    let curve = |f: fn(&Outcome) -> f64| {
        ran.iter()
            .map(|(_, v, o)| format!("{:.1},{:.1}", x(*v), y(f(o))))
            .collect::<Vec<_>>()
            .join(" ")
    };
    // Blocked time is drawn over the total (dashed), so that where the
    // loop was blocked the whole time both curves still show.
    marks.push(Mark::Curve {
        points: curve(|o| o.total),
        class: "total",
    });
    marks.push(Mark::Curve {
        points: curve(|o| o.blocked),
        class: "blocked",
    });
    for (_, v, o) in &ran {
        marks.push(Mark::Dot {
            x: x(*v),
            y: y(o.blocked),
        });
    }
    for (i, v, o) in ran {
        let value = slider.format(v);
        let total = secs(o.total);
        let label = crate::i18n::say(
            lang,
            &crate::i18n::Phrase::SweepPoint(
                value.clone(),
                total.clone(),
                secs(o.blocked),
                o.end.is_failure().then(|| end_word(lang, o.end)),
            ),
        );
        marks.push(Mark::Point {
            index: i,
            x: x(v),
            y: y(o.total),
            value,
            total,
            label,
            failed: o.end.is_failure(),
            chosen: chosen == Some(i),
        });
    }
    Chart {
        width: w,
        height: h,
        marks,
        title: slider.label(lang),
    }
}

/// A failed run's end in a word.
pub fn end_word(lang: Lang, end: End) -> String {
    let t = texts(lang);
    match end {
        End::Finished => t.sweep_end_finished,
        End::Raised => t.sweep_end_raised,
        End::Rejected => t.sweep_end_rejected,
        End::Limit => t.sweep_end_limit,
        End::Deadlock => t.sweep_end_deadlock,
        End::Skipped => t.sweep_end_skipped,
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::sliders::extract;
    use crate::model::sweep::values;

    fn outcome(total: f64, blocked: f64, end: End) -> Outcome {
        Outcome {
            total,
            blocked,
            end,
        }
    }

    fn points(chart: &Chart) -> Vec<(usize, String, String, bool, bool)> {
        chart
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Point {
                    index,
                    value,
                    total,
                    failed,
                    chosen,
                    ..
                } => Some((*index, value.clone(), total.clone(), *failed, *chosen)),
                _ => None,
            })
            .collect()
    }

    fn texts_of(chart: &Chart) -> Vec<&str> {
        chart
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_point_per_run_that_ran_with_its_value_and_total() {
        let source = "import time\ntime.sleep(1)\n";
        let slider = &extract(source)[0];
        let vals = [0.0, 2.5, 5.0];
        let outs = [
            outcome(0.0, 0.0, End::Finished),
            outcome(2.5, 2.5, End::Limit),
            outcome(0.0, 0.0, End::Skipped),
        ];
        let c = chart(slider, &vals, &outs, Some(1), Lang::En, false);
        assert_eq!(
            points(&c),
            [
                (0, "0".into(), "0.000 s".into(), false, false),
                (1, "2.5".into(), "2.500 s".into(), true, true)
            ]
        );
        let words = texts_of(&c);
        for want in [
            "module · time.sleep · line 2",
            "Total virtual time",
            "Time the loop was blocked",
            "virtual seconds",
            "0",
            "3",
            "5",
        ] {
            assert!(words.contains(&want), "{want} in {words:?}");
        }
        let ja = chart(slider, &vals, &outs, None, Lang::Ja, true);
        assert_eq!((ja.width, ja.height), (340.0, 270.0));
        assert!(texts_of(&ja).contains(&"ループがブロックされた時間"));
        match ja
            .marks
            .iter()
            .find(|m| matches!(m, Mark::Point { failed: true, .. }))
        {
            Some(Mark::Point { label, .. }) => assert!(label.contains("上限"), "{label}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn axes_fit_the_values_and_never_divide_by_zero() {
        let slider = &extract("N = 5\n")[0];
        let vals = values(slider, 30);
        let outs = vec![outcome(0.0, 0.0, End::Finished); vals.len()];
        for compact in [false, true] {
            let c = chart(slider, &vals, &outs, None, Lang::En, compact);
            for m in &c.marks {
                if let Mark::Point { x, y, .. } = m {
                    assert!(x.is_finite() && y.is_finite());
                    assert!((LEFT..=c.width - RIGHT).contains(x), "{x}");
                }
            }
        }
        let empty = chart(slider, &[], &[], None, Lang::En, false);
        assert!(points(&empty).is_empty());
        assert_eq!(tick_step(7.0, 5), 2.0);
        assert_eq!(tick_step(0.3, 5), 0.1);
        assert_eq!(tick(0.5, 0.1), "0.5");
        assert_eq!(tick(40.0, 10.0), "40");
    }
}
