//! The whole pipeline: a source through the front stage, the compiler and
//! the runtime on the event-loop model, in one go or in slices.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use loopscope_sim::{Config, Record, Sim, Trace};

use crate::front::diagnostic::Diagnostic;
use crate::front::names::ExcClass;
use crate::outcome::{ExitKind, Outcome, Write};
use crate::runtime::library::{logging, random};
use crate::runtime::limits::{Deadlock, Limit, Limits, MemoryGauge};
use crate::runtime::value::Value;
use crate::runtime::{builtins, generators, identity, traceback, vm};

/// Settings of one run.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// Operations per second of Python code; `None` makes code free, as the CPython oracle assumes.
    pub cpu_speed: Option<f64>,
    /// CPU cores of the virtual machine.
    pub cores: u32,
    /// Whether the interpreter has a GIL (CPython 3.12's standard build) or
    /// is free-threaded (PEP 703, `python3.13t` and later); see
    /// `loopscope_sim::Config::gil`.  Only matters with a `cpu_speed`.
    pub gil: bool,
    /// Maximum number of model events.
    pub max_events: usize,
    /// Maximum virtual time in seconds.
    pub max_virtual_time: f64,
    /// Events to reserve storage for up front (a hint; 0: none; see `loopscope_sim::Config`).
    pub expected_events: usize,
    /// Which events the trace keeps (see `loopscope_sim::Record`): all, or only the output.
    pub record: Record,
    /// Interpreter limits.
    pub limits: Limits,
    /// Bytes of memory the host has in use now (its counting allocator's
    /// live bytes, natively and in the page alike); checked against
    /// [`Limits::max_memory`] every few thousand operations.  `None`: unchecked.
    pub memory_in_use: Option<MemoryGauge>,
}

impl Default for Options {
    fn default() -> Options {
        let c = Config::default();
        Options {
            cpu_speed: None,
            cores: c.cores,
            gil: c.gil,
            max_events: c.max_events,
            max_virtual_time: c.max_virtual_time,
            expected_events: c.expected_events,
            record: c.record,
            limits: Limits::default(),
            memory_in_use: None,
        }
    }
}

/// Checks syntax and the supported subset without running.
pub fn check(source: &str) -> Result<(), Diagnostic> {
    front(source).map(|_| ())
}

/// Everything that happens to a source before it runs: the front stage
/// (nesting guard, parse, scopes), then the subset check and compilation.
fn front(source: &str) -> Result<crate::compile::Program, Diagnostic> {
    crate::compile::compile(crate::front::parse(source)?)
}

/// Runs a program on the model.
pub fn run(source: &str, options: &Options) -> Outcome {
    let mut whole = Whole;
    let mut run = std::pin::pin!(run_in_slices(source, options, &mut whole));
    // `Whole` never ends a slice, so the run is over within the first poll;
    // nothing ever wakes the waker because nothing ever waits.
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(outcome) = std::future::Future::poll(run.as_mut(), &mut cx) {
            return outcome;
        }
    }
}

/// How a host runs a program in slices ([`run_in_slices`]): when a slice
/// ends, and whether the run goes on after it.
///
/// A browser runs the program in a worker that must also hear "cancel"
/// and "run this instead" while the program runs; JavaScript delivers
/// those messages only when the worker's code returns to its event loop,
/// which happens at the end of a slice.
pub trait Slices {
    /// Asked between two scheduling units with the number of events so
    /// far: whether the current slice ends here.
    fn end_slice(&mut self, events: usize) -> bool;
    /// Awaited at the end of each slice: `true` runs the next slice,
    /// `false` stops the run where it is, with the trace so far and
    /// [`Limit::Stopped`] as its exit.
    fn next_slice(&mut self, events: usize) -> impl std::future::Future<Output = bool>;
}

/// The slices of [`run`]: one, the whole run.
struct Whole;

impl Slices for Whole {
    fn end_slice(&mut self, _events: usize) -> bool {
        false
    }

    async fn next_slice(&mut self, _events: usize) -> bool {
        true
    }
}

/// [`run`] in slices: the program runs until `slices` ends a slice, then
/// waits for [`Slices::next_slice`] and goes on or stops.  The slices do not
/// change what the program does: run to its end, it gives the same outcome
/// and trace as [`run`].
pub async fn run_in_slices(source: &str, options: &Options, slices: &mut impl Slices) -> Outcome {
    // Objects are numbered for `id()` and reprs afresh in every run, and the
    // numbering lives until everything of the run has been freed.
    let _ids = identity::IdScope::new();
    // Work counted by a run abandoned between slices is not this run's.
    builtins::take_work();
    builtins::set_memory_gauge(options.memory_in_use, options.limits.max_memory);
    let program = match front(source) {
        Ok(p) => p,
        Err(d) => {
            let exit = if d.construct.is_some() {
                ExitKind::Unsupported(d)
            } else {
                ExitKind::SyntaxError(d)
            };
            return Outcome {
                stdout: vec![],
                stderr: String::new(),
                trace: Trace::new(),
                exit,
                end_time: 0.0,
                ops: 0,
                exit_code: 2,
                raised: None,
            };
        }
    };
    let nglobals = program.global_names.len();
    let interp = Rc::new(vm::Interp {
        globals: RefCell::new(vec![None; nglobals]),
        program,
        limits: options.limits.clone(),
        ops: Cell::new(0),
        stop: RefCell::new(None),
        stdout: RefCell::new(Vec::new()),
        rng: RefCell::new(random::Mt19937::default()),
        next_id: Cell::new(0),
        cpu_cost: options.cpu_speed.is_some(),
        tasks: Cell::new(0),
        wrap_depth: Cell::new(0),
        hashing: Cell::new(false),
        threads: Cell::new(0),
        warned_lines: RefCell::new(Default::default()),
        task_coros: RefCell::new(Default::default()),
        logging: RefCell::new(Default::default()),
        context: RefCell::new(Default::default()),
        task_context: RefCell::new(None),
        written: Cell::new(0),
        memory_in_use: options.memory_in_use,
        aio: RefCell::new(Default::default()),
        asyncgens: RefCell::new(Vec::new()),
        by_hand: Cell::new(0),
        finalising: Cell::new(false),
    });
    let cfg = Config {
        cores: options.cores,
        cpu_speed: options.cpu_speed,
        gil: options.gil,
        max_events: options.max_events,
        max_virtual_time: options.max_virtual_time,
        expected_events: options.expected_events,
        record: options.record,
    };
    let mut sim: Sim<Value> = Sim::new(cfg);
    generators::forget_dropped();
    let for_shutdown = Rc::downgrade(&interp);
    sim.set_shutdown_asyncgens(Box::new(move || {
        generators::shutdown_asyncgens(&for_shutdown)
    }));
    sim.set_at_exit(crate::runtime::at_exit::maker(&interp));
    // The model's own reports count towards the output limit, as the
    // program's writes do (see `Runner::write_stream`).
    let for_output = Rc::downgrade(&interp);
    sim.set_output_gate(Box::new(move |bytes| {
        let Some(interp) = for_output.upgrade() else {
            return false;
        };
        let written = interp.written.get() + bytes;
        if written > interp.limits.max_output {
            if interp.stop.borrow().is_none() {
                interp.stop_at(crate::runtime::limits::Limit::Output {
                    limit: interp.limits.max_output,
                });
            }
            return false;
        }
        interp.written.set(written);
        true
    }));
    let for_logging = Rc::downgrade(&interp);
    sim.set_log_hook(Box::new(move |sim, logger, message| {
        let interp = for_logging.upgrade()?;
        let state = interp.logging.borrow();
        // A line past the output limit is not written (the model's own
        // reports are short; only a program's log format can make one long).
        logging::log_line(
            &state,
            sim,
            logger,
            logging::ERROR,
            message,
            interp.limits.max_output,
        )?
        .ok()
    }));
    let result = match sim.start_program(Box::new(vm::Runner::module(interp.clone()))) {
        Err(refused) => refused,
        Ok(()) => {
            let mut events = 0;
            loop {
                let result = sim.resume_program(|n| {
                    events = n;
                    slices.end_slice(n)
                });
                if let Some(result) = result {
                    break result;
                }
                if !slices.next_slice(events).await {
                    // The outcome is unused: a stop is reported as a limit,
                    // like every other reason the run ended early.
                    *interp.stop.borrow_mut() = Some(Limit::Stopped { events });
                    break loopscope_sim::RunResult {
                        outcome: loopscope_sim::Outcome::Ok,
                        end_time: sim.now(),
                        events,
                    };
                }
            }
        }
    };
    let trace = sim.into_trace();
    let mut stderr = String::new();
    for ev in &trace.events {
        if let loopscope_sim::EventKind::Print { text, stderr: true } = ev.kind {
            stderr.push_str(trace.str(text));
        }
    }
    let stop = interp.stop.borrow().clone();
    let mut exit_code = 0;
    let mut raised = None;
    let exit = match (stop, result.outcome) {
        (Some(limit), _) => {
            // Once a limit is hit every task and thread is unwound at once;
            // the model's reports of those unwinding exceptions are noise.
            stderr.clear();
            stderr.push_str(&format!("{limit}\n"));
            ExitKind::Limit(limit)
        }
        (None, loopscope_sim::Outcome::Ok) => ExitKind::Ok,
        (None, loopscope_sim::Outcome::Raised(e)) => match system_exit(&e) {
            // `sys.exit(...)` ends the program quietly, as in CPython.
            Some((code, message)) => {
                exit_code = code;
                stderr.push_str(&message);
                if code == 0 {
                    ExitKind::Ok
                } else {
                    ExitKind::Raised
                }
            }
            None => {
                let report = traceback::report(&e);
                stderr.push_str(&report.traceback);
                raised = Some(report);
                exit_code = 1;
                ExitKind::Raised
            }
        },
        (None, loopscope_sim::Outcome::Limit(kind)) => {
            let limit = match kind {
                loopscope_sim::LimitKind::Events => Limit::Events {
                    done: result.events,
                    limit: options.max_events,
                },
                loopscope_sim::LimitKind::VirtualTime => Limit::VirtualTime {
                    limit: options.max_virtual_time,
                    reached: result.end_time,
                },
            };
            stderr.push_str(&format!("{limit}\n"));
            ExitKind::Limit(limit)
        }
        (None, loopscope_sim::Outcome::Deadlock(waiters)) => {
            let deadlock = Deadlock { waiters };
            stderr.push_str(&format!("{deadlock}\n"));
            ExitKind::Deadlock(deadlock)
        }
    };
    let stdout = interp
        .stdout
        .take()
        .into_iter()
        .map(|(time, text)| Write { time, text })
        .collect();
    if matches!(exit, ExitKind::Limit(_) | ExitKind::Deadlock(_)) {
        exit_code = 3;
    }
    // Generators left suspended in the program's variables are not
    // closed once the run is over: they are freed with the rest.
    interp.globals.borrow_mut().clear();
    interp.task_coros.borrow_mut().clear();
    generators::forget_dropped();
    Outcome {
        stdout,
        stderr,
        trace,
        exit,
        end_time: result.end_time,
        ops: interp.ops.get(),
        exit_code,
        raised,
    }
}

/// For a `SystemExit`: the exit status and what CPython prints to stderr.
fn system_exit(e: &Value) -> Option<(i32, String)> {
    let Value::Exc(x) = e else { return None };
    if x.class != ExcClass::SystemExit {
        return None;
    }
    let args = x.args.borrow();
    Some(match args.first() {
        None | Some(Value::None) => (0, String::new()),
        Some(Value::Int(i)) => (*i as i32, String::new()),
        Some(Value::Bool(b)) => (*b as i32, String::new()),
        Some(other) => (1, format!("{}\n", other.to_str())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Construct;

    #[test]
    fn check_reports_syntax_and_subset_errors_with_positions() {
        assert_eq!(check("import asyncio\nprint(1)\n"), Ok(()));
        let d = check("import threading\nclass T(threading.Thread):\n    pass\n").unwrap_err();
        assert_eq!(
            (d.line, d.col, d.construct),
            (2, 9, Some(Construct::ClassBase("threading.Thread".into())))
        );
        assert_eq!(
            d.message,
            "subclassing `threading.Thread` is not supported yet (line 2, column 9)"
        );
        let d = check("def f(:\n").unwrap_err();
        assert_eq!((d.line, d.construct), (1, None));
    }

    #[test]
    fn stamps_lines_at_the_write_that_starts_them() {
        let out = run(
            "import time\nprint('a', end='')\ntime.sleep(1)\nprint('b')\nprint('c\\nd')\n",
            &Options::default(),
        );
        assert_eq!(out.exit, ExitKind::Ok);
        assert_eq!(out.plain_stdout(), "ab\nc\nd\n");
        assert_eq!(
            out.stamped_stdout(),
            "[0.000000] ab\n[1.000000] c\n[1.000000] d\n"
        );
    }

    /// Slices of at most `every` events; the run stops after `stop_after` slices.
    struct Every {
        every: usize,
        next: usize,
        slices: usize,
        stop_after: usize,
    }

    impl Slices for Every {
        fn end_slice(&mut self, events: usize) -> bool {
            events >= self.next
        }

        async fn next_slice(&mut self, events: usize) -> bool {
            self.next = events + self.every;
            self.slices += 1;
            self.slices < self.stop_after
        }
    }

    fn sliced(source: &str, slices: &mut Every) -> Outcome {
        let options = Options::default();
        let mut run = std::pin::pin!(run_in_slices(source, &options, slices));
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        match std::future::Future::poll(run.as_mut(), &mut cx) {
            std::task::Poll::Ready(outcome) => outcome,
            std::task::Poll::Pending => unreachable!("the test's slices never wait"),
        }
    }

    #[test]
    fn slices_change_nothing_and_a_stop_keeps_the_trace_so_far() {
        let source = "import asyncio\n\nasync def f(i):\n    for k in range(3):\n        await asyncio.sleep(0.1 * i)\n    print(i)\n\nasync def main():\n    await asyncio.gather(*[f(i) for i in range(50)])\n\nasyncio.run(main())\n";
        let whole = run(source, &Options::default());
        let mut slices = Every {
            every: 100,
            next: 100,
            slices: 0,
            stop_after: usize::MAX,
        };
        let out = sliced(source, &mut slices);
        assert!(slices.slices > 10, "{} slices", slices.slices);
        assert_eq!(out.exit, ExitKind::Ok);
        assert_eq!(out.stamped_stdout(), whole.stamped_stdout());
        assert_eq!(out.trace.to_json(), whole.trace.to_json());
        let mut slices = Every {
            every: 100,
            next: 100,
            slices: 0,
            stop_after: 3,
        };
        let out = sliced(source, &mut slices);
        let ExitKind::Limit(Limit::Stopped { events }) = out.exit else {
            panic!("{:?}", out.exit);
        };
        assert!((300..400).contains(&events), "{events}");
        assert_eq!(out.trace.events.len(), events);
        assert_eq!(out.trace.events[..], whole.trace.events[..events]);
        assert_eq!(out.exit_code, 3);
    }

    #[test]
    fn limits_stop_runaway_programs_quickly() {
        let mut o = Options::default();
        o.limits.max_ops = 1_000_000;
        let out = run("while True:\n    pass\n", &o);
        assert!(
            matches!(
                out.exit,
                ExitKind::Limit(Limit::Operations {
                    done: 1_000_000,
                    limit: 1_000_000
                })
            ),
            "{:?}",
            out.exit
        );
        assert_eq!(out.exit_code, 3);
    }
}
