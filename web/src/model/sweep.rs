//! Sweeps: one program run across a slider's range, reduced to what each
//! run took (total virtual time, time the loop was blocked, how it ended).
//!
//! The page asks the engine's worker for all the runs in one message and
//! gets back one small [`Outcome`] per run, never the traces: thirty traces
//! would cost more to send and decode than the runs themselves.  The values
//! and the sources are chosen here, purely, so the reducer and the tests
//! know exactly which programs a sweep runs.

use crate::model::run::{summarise, Ending};
use crate::model::sliders::{Meaning, Slider};
use loopscope_sim::Trace;

/// How many runs a sweep makes unless asked otherwise.
pub const DEFAULT_POINTS: usize = 30;

/// The fewest runs a sweep makes (fewer only when the range holds fewer integers).
pub const MIN_POINTS: usize = 20;

/// The most runs a sweep makes.
pub const MAX_POINTS: usize = 50;

/// Real milliseconds the worker spends on one sweep before it stops
/// running points: a sweep of a program that runs into its limits each
/// time would otherwise keep the worker for thirty times a limit.
pub const BUDGET_MS: f64 = 5000.0;

/// How one run of a sweep ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    /// The program finished.
    Finished,
    /// An exception escaped (or `sys.exit` with a failure).
    Raised,
    /// The source was refused (syntax, unsupported construct, guard).
    Rejected,
    /// A limit stopped it (events, operations, memory, virtual time).
    Limit,
    /// Nothing could run again.
    Deadlock,
    /// The sweep ran out of time before this run ended (or began).
    Skipped,
}

impl End {
    /// Every end, in code order (the wire carries the index).
    const ALL: [End; 6] = [
        End::Finished,
        End::Raised,
        End::Rejected,
        End::Limit,
        End::Deadlock,
        End::Skipped,
    ];

    /// The end of a run that ended with `ending`.
    pub fn of(ending: &Ending) -> End {
        match ending {
            Ending::Finished => End::Finished,
            Ending::Raised { .. } => End::Raised,
            Ending::Rejected { .. } => End::Rejected,
            Ending::Limit(loopscope_py::Limit::Stopped { .. }) => End::Skipped,
            Ending::Limit(_) => End::Limit,
            Ending::Deadlock { .. } => End::Deadlock,
            Ending::Failed(_) => End::Skipped,
        }
    }

    /// Whether the run went wrong (its point is drawn as a failure).
    pub fn is_failure(self) -> bool {
        self != End::Finished
    }

    fn code(self) -> f64 {
        End::ALL.iter().position(|e| *e == self).unwrap_or(0) as f64
    }

    fn from_code(code: f64) -> End {
        End::ALL.get(code as usize).copied().unwrap_or(End::Skipped)
    }
}

/// What one run of a sweep took.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Outcome {
    /// Total virtual seconds.
    pub total: f64,
    /// Virtual seconds the loop thread was blocked.
    pub blocked: f64,
    /// How it ended.
    pub end: End,
}

impl Outcome {
    /// The outcome of a recorded run.
    pub fn of(trace: &Trace, ending: &Ending) -> Outcome {
        let summary = summarise(trace);
        Outcome {
            total: summary.total,
            blocked: summary.blocked,
            end: End::of(ending),
        }
    }

    /// The outcome of a run the sweep never made.
    pub const SKIPPED: Outcome = Outcome {
        total: 0.0,
        blocked: 0.0,
        end: End::Skipped,
    };
}

/// `n` values spread evenly over the slider's range, ends included, each
/// as the literal would be written (so the chart shows what ran).  A count
/// takes distinct integers: every one when the range holds at most `n`.
pub fn values(slider: &Slider, n: usize) -> Vec<f64> {
    let n = n.clamp(2, MAX_POINTS);
    let (min, max) = (slider.min, slider.max.max(slider.min));
    let written = |v: f64| slider.format(v).parse::<f64>().unwrap_or(v);
    let mut out: Vec<f64> = (0..n)
        .map(|i| written(min + (max - min) * i as f64 / (n - 1) as f64))
        .collect();
    if slider.meaning == Meaning::Count {
        out.dedup();
    }
    out
}

/// The programs of a sweep: `source` with the slider's literal set to each value.
pub fn sources(source: &str, slider: &Slider, values: &[f64]) -> Vec<String> {
    values.iter().map(|v| slider.rewrite(source, *v)).collect()
}

/// The outcomes as the worker sends them: three numbers each.
pub fn encode(outcomes: &[Outcome]) -> Vec<f64> {
    outcomes
        .iter()
        .flat_map(|o| [o.total, o.blocked, o.end.code()])
        .collect()
}

/// The outcomes of [`encode`]d numbers (`n` of them: missing ones are skipped runs).
pub fn decode(numbers: &[f64], n: usize) -> Vec<Outcome> {
    let finite = |x: f64| if x.is_finite() { x.max(0.0) } else { 0.0 };
    let mut out: Vec<Outcome> = numbers
        .chunks_exact(3)
        .take(n)
        .map(|c| Outcome {
            total: finite(c[0]),
            blocked: finite(c[1]),
            end: End::from_code(c[2]),
        })
        .collect();
    out.resize(n, Outcome::SKIPPED);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::engine::execute;
    use crate::model::presets;
    use crate::model::sliders::extract;

    fn check(source: &str, index: usize, n: usize, expected: &[f64]) {
        let slider = &extract(source)[index];
        assert_eq!(values(slider, n), expected, "{source:?}");
    }

    #[test]
    fn values_cover_the_range_as_written() {
        // A duration of 1 s ranges 0..5: thirty values, both ends included.
        let two = presets::find("two-tasks").unwrap().source;
        let v = values(&extract(two)[0], DEFAULT_POINTS);
        assert_eq!(v.len(), 30);
        assert_eq!((v[0], v[29]), (0.0, 5.0));
        assert_eq!(v[1], 0.172);
        assert!(v.windows(2).all(|w| w[0] < w[1]));
        // A count takes every integer when there are fewer than asked.
        check(
            "for i in range(3):\n    pass\n",
            0,
            30,
            &(0..=12).map(f64::from).collect::<Vec<_>>(),
        );
        // ...and distinct integers when there are more.
        let v = values(&extract("N = 100\n")[0], 30);
        assert_eq!(v.len(), 30);
        assert_eq!((v[0], v[29]), (0.0, 400.0));
        assert!(v.iter().all(|x| x.fract() == 0.0));
        check("N = 2\n", 0, 1, &[0.0, 10.0]);
        assert_eq!(values(&extract("N = 100\n")[0], 500).len(), MAX_POINTS);
    }

    #[test]
    fn sources_set_the_literal_and_outcomes_say_what_ran() {
        let blocking = presets::find("blocking").unwrap().source;
        let slider = &extract(blocking)[0];
        let srcs = sources(blocking, slider, &[0.5, 2.0]);
        assert!(srcs[0].contains("time.sleep(0.5)"));
        assert!(srcs[1].contains("time.sleep(2)"));
        let outcomes: Vec<Outcome> = srcs
            .iter()
            .map(|s| {
                let run = execute(s, None);
                Outcome::of(&run.trace, &run.ending)
            })
            .collect();
        assert_eq!(
            outcomes,
            [
                Outcome {
                    total: 1.5,
                    blocked: 1.5,
                    end: End::Finished
                },
                Outcome {
                    total: 3.0,
                    blocked: 3.0,
                    end: End::Finished
                }
            ]
        );
        let raised = execute("x = 1 / 0\n", None);
        assert_eq!(Outcome::of(&raised.trace, &raised.ending).end, End::Raised);
        let rejected = execute("def (:\n", None);
        assert_eq!(
            Outcome::of(&rejected.trace, &rejected.ending).end,
            End::Rejected
        );
    }

    #[test]
    fn outcomes_survive_the_wire() {
        let outcomes = vec![
            Outcome {
                total: 1.5,
                blocked: 0.5,
                end: End::Finished,
            },
            Outcome {
                total: 0.0,
                blocked: 0.0,
                end: End::Limit,
            },
        ];
        assert_eq!(decode(&encode(&outcomes), 2), outcomes);
        // Short or damaged answers never panic: missing runs are skipped.
        let short = decode(&[1.0, f64::NAN, 99.0], 2);
        assert_eq!(short[0].end, End::Skipped);
        assert_eq!(short[0].blocked, 0.0);
        assert_eq!(short[1], Outcome::SKIPPED);
    }
}
