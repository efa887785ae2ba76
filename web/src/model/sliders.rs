//! Sliders: the numeric literals of a program that mean a duration or a count.
//!
//! A literal gets a slider when it is a module-level constant (`N = 5`) or an
//! argument that means a duration or a count: `asyncio.sleep(…)`,
//! `time.sleep(…)`, `wait_for(…, timeout=…)`, `asyncio.timeout(…)`,
//! `range(…)`, `max_workers=…`, `Semaphore(…)`, `Queue(maxsize=…)`.  Moving a
//! slider rewrites exactly that literal's characters in the source.

use loopscope_py::front::sliders::{literals, Argument, Literal};

/// What a slider's value means, which decides its range and step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Meaning {
    /// Seconds.
    Duration,
    /// A whole number of things.
    Count,
}

/// One slider.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Slider {
    /// Where it is: `func1 · asyncio.sleep`, or a constant's name.
    pub place: String,
    /// Its 1-based line.
    pub line: usize,
    /// Byte range of the literal in the source.
    pub start: usize,
    /// End of the byte range (exclusive).
    pub end: usize,
    /// The literal's current value.
    pub value: f64,
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
    /// Step between values.
    pub step: f64,
    /// What the value means.
    pub meaning: Meaning,
    /// Whether the literal was written as an integer (`1` rather than `1.0`).
    pub integer: bool,
}

impl Slider {
    fn new(
        place: String,
        line: usize,
        start: usize,
        end: usize,
        value: f64,
        meaning: Meaning,
        integer: bool,
    ) -> Slider {
        let (min, max, step) = match meaning {
            Meaning::Duration => {
                let max = (value * 4.0).max(5.0).ceil();
                let step = if value != 0.0 && value < 0.1 {
                    0.01
                } else {
                    0.1
                };
                (0.0, max, step)
            }
            Meaning::Count => (0.0, (value * 4.0).max(10.0).ceil(), 1.0),
        };
        Slider {
            place,
            line,
            start,
            end,
            value,
            min,
            max,
            step,
            meaning,
            integer,
        }
    }

    /// Its label in `lang`: `func1 · asyncio.sleep · line 6`.
    pub fn label(&self, lang: crate::i18n::Lang) -> String {
        crate::i18n::say(
            lang,
            &crate::i18n::Phrase::SliderLabel(self.place.clone(), self.line),
        )
    }

    /// How the literal is written for `value`: integers stay integers when the
    /// value is whole, and floats get the fewest decimals that round-trip.
    pub fn format(&self, value: f64) -> String {
        let value = if self.meaning == Meaning::Count {
            value.round()
        } else {
            value
        };
        if value.fract() == 0.0 && (self.integer || self.meaning == Meaning::Count) {
            format!("{}", value as i64)
        } else {
            // Round to the step's precision first so 0.30000000000000004
            // becomes 0.3, then print the shortest form.
            let rounded = (value * 1000.0).round() / 1000.0;
            let mut text = format!("{rounded}");
            if !text.contains('.') {
                text.push_str(".0");
            }
            text
        }
    }

    /// The source with this slider's literal replaced by `value`.
    pub fn rewrite(&self, source: &str, value: f64) -> String {
        if !value.is_finite() || self.end > source.len() || !source.is_char_boundary(self.start) {
            return source.to_string();
        }
        let mut out = String::with_capacity(source.len() + 4);
        out.push_str(&source[..self.start]);
        out.push_str(&self.format(value.clamp(self.min, self.max)));
        out.push_str(&source[self.end..]);
        out
    }
}

/// The sliders of `source`, in source order (none when it does not parse).
///
/// The facts about each literal come from `loopscope_py`'s front stage; this
/// decides which of them mean a duration or a count.
pub fn extract(source: &str) -> Vec<Slider> {
    literals(source)
        .into_iter()
        .filter(|l| l.value.is_finite() && l.value >= 0.0 && !source[l.start..].starts_with('-'))
        .filter_map(|l| slider(&l))
        .collect()
}

/// The slider for one literal, if it means a duration or a count.
fn slider(l: &Literal) -> Option<Slider> {
    let line = l.line as usize;
    if let Some(name) = &l.constant {
        let meaning = if l.is_int {
            Meaning::Count
        } else {
            Meaning::Duration
        };
        return Some(Slider::new(
            name.clone(),
            line,
            l.start,
            l.end,
            l.value,
            meaning,
            l.is_int,
        ));
    }
    let (callee, argument) = (l.call.as_deref()?, l.argument.as_ref()?);
    let &(_, _, meaning) =
        parameters(callee)
            .iter()
            .find(|(position, keyword, _)| match argument {
                Argument::Position(i) => i == position,
                Argument::Keyword(k) => k == keyword,
            })?;
    let scope = l.function.as_deref().unwrap_or("module");
    // `concurrent.futures.ThreadPoolExecutor` reads as well as
    // `futures.ThreadPoolExecutor` and fits a narrow label.
    let short: Vec<&str> = callee.rsplit('.').take(2).collect();
    let short = short.into_iter().rev().collect::<Vec<_>>().join(".");
    Some(Slider::new(
        format!("{scope} · {short}"),
        line,
        l.start,
        l.end,
        l.value,
        meaning,
        l.is_int,
    ))
}

/// Which arguments of a call are durations or counts: (positional index, keyword, meaning).
fn parameters(callee: &str) -> &'static [(usize, &'static str, Meaning)] {
    let last = callee.rsplit('.').next().unwrap_or(callee);
    match last {
        "sleep" => &[(0, "delay", Meaning::Duration)],
        "wait_for" => &[(1, "timeout", Meaning::Duration)],
        "timeout" => &[(0, "delay", Meaning::Duration)],
        "wait" | "as_completed" => &[(usize::MAX, "timeout", Meaning::Duration)],
        "range" => &[
            (0, "", Meaning::Count),
            (1, "", Meaning::Count),
            (2, "", Meaning::Count),
        ],
        "ThreadPoolExecutor" | "ProcessPoolExecutor" => &[(0, "max_workers", Meaning::Count)],
        "Semaphore" | "BoundedSemaphore" => &[(0, "value", Meaning::Count)],
        "Queue" | "LifoQueue" | "PriorityQueue" => &[(0, "maxsize", Meaning::Count)],
        _ => &[],
    }
}

/// The sliders of a source after slider `index` was moved to `value` and
/// the source changed length by `delta` bytes: its literal and every
/// literal after it move by `delta`.  The next run brings them afresh; until
/// it does, this keeps them pointing at the right characters without
/// parsing the source again (the page never parses it).
pub fn after_rewrite(sliders: &[Slider], index: usize, value: f64, delta: isize) -> Vec<Slider> {
    let Some(moved) = sliders.get(index) else {
        return sliders.to_vec();
    };
    let shift = |at: usize| at.saturating_add_signed(delta);
    let start = moved.start;
    sliders
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut s = s.clone();
            if i == index {
                s.end = shift(s.end);
                s.value = value;
            } else if s.start > start {
                s.start = shift(s.start);
                s.end = shift(s.end);
            }
            s
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(source: &str, expected: &[(&str, &str, f64)]) {
        let sliders = extract(source);
        let got: Vec<(String, String, f64)> = sliders
            .iter()
            .map(|s| {
                (
                    s.label(crate::i18n::Lang::En),
                    source[s.start..s.end].to_string(),
                    s.value,
                )
            })
            .collect();
        let want: Vec<(String, String, f64)> = expected
            .iter()
            .map(|(l, t, v)| (l.to_string(), t.to_string(), *v))
            .collect();
        assert_eq!(got, want, "sliders of {source:?}");
    }

    #[test]
    fn finds_durations_and_counts() {
        check(
            "import asyncio\n\nasync def func1():\n    await asyncio.sleep(1)\n",
            &[("func1 · asyncio.sleep · line 4", "1", 1.0)],
        );
        check(
            "N = 5\nDELAY = 0.25\nname = 'x'\n",
            &[("N · line 1", "5", 5.0), ("DELAY · line 2", "0.25", 0.25)],
        );
        check(
            "import time\ndef f():\n    time.sleep(2.5)\n    for i in range(3):\n        pass\n",
            &[
                ("f · time.sleep · line 3", "2.5", 2.5),
                ("f · range · line 4", "3", 3.0),
            ],
        );
        check(
            "async def m():\n    await asyncio.wait_for(x(), timeout=0.5)\n    s = asyncio.Semaphore(2)\n    q = asyncio.Queue(maxsize=3)\n",
            &[
                ("m · asyncio.wait_for · line 2", "0.5", 0.5),
                ("m · asyncio.Semaphore · line 3", "2", 2.0),
                ("m · asyncio.Queue · line 4", "3", 3.0),
            ],
        );
        check(
            "with concurrent.futures.ThreadPoolExecutor(max_workers=4) as p:\n    pass\n",
            &[("module · futures.ThreadPoolExecutor · line 1", "4", 4.0)],
        );
        // Not durations or counts: print arguments, negative numbers, syntax errors.
        check("print(1)\nasyncio.sleep(-1)\n", &[]);
        check("def (:\n", &[]);
    }

    #[test]
    fn rewrites_only_the_literal() {
        let source = "import asyncio\n# コメント\nasync def f():\n    await asyncio.sleep(1)\n";
        let slider = &extract(source)[0];
        assert_eq!(
            slider.rewrite(source, 2.5),
            source.replace("sleep(1)", "sleep(2.5)")
        );
        assert_eq!(
            slider.rewrite(source, 3.0),
            source.replace("sleep(1)", "sleep(3)")
        );
        assert_eq!(
            slider.rewrite(source, 0.30000000000000004),
            source.replace("sleep(1)", "sleep(0.3)")
        );
        assert_eq!(slider.rewrite(source, f64::NAN), source);
        let float = "import time\ntime.sleep(1.0)\n";
        assert_eq!(
            extract(float)[0].rewrite(float, 2.0),
            "import time\ntime.sleep(2.0)\n"
        );
        let count = "for i in range(3):\n    pass\n";
        assert_eq!(
            extract(count)[0].rewrite(count, 7.4),
            "for i in range(7):\n    pass\n"
        );
    }

    #[test]
    fn ranges_fit_the_value() {
        let s = &extract("import time\ntime.sleep(0.05)\n")[0];
        assert_eq!((s.min, s.max, s.step), (0.0, 5.0, 0.01));
        let s = &extract("N = 100\n")[0];
        assert_eq!((s.min, s.max, s.step), (0.0, 400.0, 1.0));
    }
}
