//! Runs a program on the Python layer and the model, with the limits that
//! keep the page responsive, and turns the outcome into what the page shows.
//!
//! In the browser this runs in the engine's worker (`crate::platform::worker`), never
//! on the page's thread; natively (the reducer's tests, the exports' tests)
//! [`execute`] runs it directly.

use crate::model::run::{Ending, Rejection, Run};
use loopscope_py::{ExitKind, Limits, MemoryGauge, Options, Outcome, Slices};
use loopscope_sim::TaskStatus;
use loopscope_sim::Trace;

/// The binary's allocator gauge, set once at start-up (see `main.rs`).
static MEMORY_GAUGE: std::sync::OnceLock<MemoryGauge> = std::sync::OnceLock::new();

/// Gives the engine the allocator's count of bytes in use, for the memory limit.
pub fn set_memory_gauge(gauge: MemoryGauge) {
    let _ = MEMORY_GAUGE.set(gauge);
}

/// The virtual machine a program runs on: what Python code costs, whether
/// the interpreter has a GIL, and how many cores it has.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Machine {
    /// Operations per second of Python code (`None`: code is free).
    pub cpu_speed: Option<f64>,
    /// CPython 3.12's standard build with its GIL (`true`), or a
    /// free-threaded build (PEP 703, 3.13t and later).
    pub gil: bool,
    /// CPU cores (`os.cpu_count()`).
    pub cores: u32,
}

/// The cores a machine has unless the reader chooses otherwise.
pub const DEFAULT_CORES: u32 = 4;

/// The most cores a link or the page may ask for: enough for any lesson,
/// and `os.cpu_count()` stays a number a person reads at a glance.
pub const MAX_CORES: u32 = 64;

impl Machine {
    /// CPython 3.12 with the GIL on four cores, Python code costing
    /// `cpu_speed` (what a preset or a link asks for).
    pub fn with_cpu(cpu_speed: Option<f64>) -> Machine {
        Machine {
            cpu_speed,
            gil: true,
            cores: DEFAULT_CORES,
        }
    }
}

impl Default for Machine {
    fn default() -> Machine {
        Machine::with_cpu(None)
    }
}

/// The limits of a run in the browser: generous for teaching programs, small
/// enough that a runaway program stops well within a second.
pub fn options(machine: Machine) -> Options {
    Options {
        cpu_speed: machine.cpu_speed,
        gil: machine.gil,
        cores: machine.cores.clamp(1, MAX_CORES),
        max_events: 400_000,
        max_virtual_time: 100_000.0,
        limits: Limits {
            max_ops: 20_000_000,
            max_tasks: 20_000,
            max_threads: 256,
            max_output: 8 << 20,
            ..Limits::default()
        },
        memory_in_use: MEMORY_GAUGE.get().copied(),
        ..Options::default()
    }
}

/// Runs `source` (with Python code costing CPU time at `cpu_speed` operations per second, if set) and derives everything the views need.
pub fn execute(source: &str, cpu_speed: Option<f64>) -> Run {
    execute_on(source, Machine::with_cpu(cpu_speed))
}

/// [`execute`] on the given machine (the GIL switch and the core count).
pub fn execute_on(source: &str, machine: Machine) -> Run {
    let (trace, ending, sliders) = execute_parts(source, machine);
    let mut run = Run::new(trace, ending);
    run.sliders = std::rc::Rc::new(sliders);
    run
}

/// [`execute_on`] before the views' derivation: the trace, the ending and
/// the source's sliders, as the worker sends them and as a preset's run is
/// built into the page (`crate::model::built_runs`).
pub fn execute_parts(
    source: &str,
    machine: Machine,
) -> (Trace, Ending, Vec<crate::model::sliders::Slider>) {
    let sliders = crate::model::sliders::extract(source);
    let (trace, ending) = finish(loopscope_py::run(source, &options(machine)));
    (trace, ending, sliders)
}

/// [`execute`] in slices (see [`loopscope_py::run_in_slices`]): the trace,
/// the ending and the source's sliders, which the worker sends to the page.
pub async fn execute_in_slices(
    source: &str,
    machine: Machine,
    slices: &mut impl Slices,
) -> (Trace, Ending, Vec<crate::model::sliders::Slider>) {
    let sliders = crate::model::sliders::extract(source);
    let (trace, ending) =
        finish(loopscope_py::run_in_slices(source, &options(machine), slices).await);
    (trace, ending, sliders)
}

/// The trace and the page's terms for how the run ended.
fn finish(outcome: Outcome) -> (Trace, Ending) {
    let ending = match outcome.exit {
        ExitKind::Ok => Ending::Finished,
        ExitKind::Raised => {
            let traceback = outcome.stderr.trim_end().to_string();
            match outcome.raised {
                Some(raised) => {
                    // The report is the end of stderr; what the program
                    // wrote there before it shifts the report's lines.
                    let before = outcome.stderr.len().saturating_sub(raised.traceback.len());
                    let shift = outcome
                        .stderr
                        .get(..before)
                        .map_or(0, |s| s.matches('\n').count());
                    Ending::Raised {
                        traceback,
                        at: raised.at,
                        frame_lines: raised
                            .frame_lines
                            .into_iter()
                            .map(|(i, line)| (i + shift, line))
                            .collect(),
                    }
                }
                // `sys.exit(1)`: a message, no traceback.
                None => Ending::Raised {
                    traceback,
                    at: None,
                    frame_lines: Vec::new(),
                },
            }
        }
        ExitKind::SyntaxError(d) | ExitKind::Unsupported(d) => Ending::Rejected {
            line: d.line,
            col: d.col,
            why: match (d.construct, d.source_limit) {
                (Some(construct), _) => Rejection::Unsupported(construct),
                (None, Some(limit)) => Rejection::Guard(limit),
                (None, None) => Rejection::Syntax(d.message),
            },
        },
        ExitKind::Limit(limit) => Ending::Limit(limit),
        ExitKind::Deadlock(deadlock) => {
            let last = outcome.trace.state_at(outcome.trace.events.len());
            let tasks = last
                .tasks
                .iter()
                .filter(|(_, v)| matches!(v.status, TaskStatus::Waiting))
                .map(|(id, _)| *id)
                .collect();
            Ending::Deadlock {
                waiters: deadlock.waiters,
                tasks,
            }
        }
    };
    (outcome.trace, ending)
}
