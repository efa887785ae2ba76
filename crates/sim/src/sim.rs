//! The model's state and its small, general-purpose accessors.
//!
//! The behaviour lives in sibling modules (`event_loop`, `future`, `task`,
//! `sched`, ...), each adding an `impl` block to [`Sim`]; this module only owns
//! the data and the event-recording helper they all share.

use crate::coro::{Coroutine, ExcKind, FutureId, Sent, Span, TaskId, ThreadId, Value};
use crate::timers::TimerHeap;
use crate::trace::{Event, EventKind, HandleId, JobId, LimitKind, Sym, ThreadKind, Trace};
use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasherDefault, Hasher};

/// Settings of one run.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// CPU cores of the virtual machine (`os.cpu_count()`).
    pub cores: u32,
    /// Operations per second of Python code; `None` makes code free (what the CPython oracle assumes).
    pub cpu_speed: Option<f64>,
    /// Whether each process has a GIL, as in CPython's standard builds
    /// (3.12, 3.13); `false` models a free-threaded build (PEP 703,
    /// `python3.13t` and later), whose threads run Python code in parallel.
    /// Only matters when `cpu_speed` is set, since otherwise code is free.
    pub gil: bool,
    /// Stop after this many events.
    pub max_events: usize,
    /// Stop before virtual time passes this many seconds.
    pub max_virtual_time: f64,
    /// Storage reserved up front for this many events, and in proportion for
    /// handles and futures (0: none).  A hint, not a limit: a run that is
    /// expected to be large is spared copying its growing arrays and
    /// touching twice their memory, which costs more than the copy itself.
    pub expected_events: usize,
    /// Which events the trace keeps (all of them unless told otherwise).
    pub record: Record,
}

/// Which events a run's trace keeps.
///
/// The model runs the same either way and counts every event (for
/// `max_events` and [`RunResult::events`]); only what is stored differs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Record {
    /// Every event: what the diagram, the timeline and `--json` need.
    #[default]
    All,
    /// Only the program's output (`Print`) and the limit that stopped it, if
    /// any: what `loopscope run` prints.  A large run then stores a few
    /// events instead of hundreds of thousands.
    Output,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            cores: 4,
            cpu_speed: None,
            gil: true,
            max_events: 2_000_000,
            max_virtual_time: 1.0e6,
            expected_events: 0,
            record: Record::All,
        }
    }
}

/// A task or thread still waiting when a run deadlocked.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Waiter {
    /// The task, if it is one.
    pub task: Option<TaskId>,
    /// The thread (the loop thread for tasks).
    pub thread: ThreadId,
    /// The task's or thread's name.
    pub name: String,
    /// What it waits for, in words.
    pub waiting_for: String,
    /// The future it waits for (`None` for a task that is ready but can never run).
    pub future: Option<FutureId>,
}

/// How a run ended.
#[derive(Clone, Debug)]
pub enum Outcome<V> {
    /// The module body returned and every thread finished.
    Ok,
    /// The module body raised this exception.
    Raised(V),
    /// A limit stopped the run; the trace up to that point is kept.
    Limit(LimitKind),
    /// Nothing could ever run again; these were waiting.
    Deadlock(Vec<Waiter>),
}

/// The result of [`Sim::run_program`].
#[derive(Clone, Debug)]
pub struct RunResult<V> {
    /// How it ended.
    pub outcome: Outcome<V>,
    /// Virtual time at the end.
    pub end_time: f64,
    /// Number of events the run emitted (all of them, whatever [`Record`] kept).
    pub events: usize,
}

/// The outcome of a future.
#[derive(Clone, Debug)]
pub(crate) enum FState<V> {
    Pending,
    Result(V),
    Exception(V),
    /// Cancelled, with the message given to `cancel()` and, for tasks, the `CancelledError` the coroutine raised.
    Cancelled {
        msg: Option<String>,
        exc: Option<V>,
    },
}

/// A done-callback registered on a future.
pub(crate) enum DoneCb<V: Value> {
    /// `Task.__wakeup`.
    Wakeup(TaskId),
    /// A host callable, identified by `key` for `remove_done_callback`.
    Host { key: u64, cb: Box<dyn Coroutine<V>> },
    /// `gather`'s `_done_callback` for gather state `n`.
    Gather(u32),
    /// `shield`: the inner future finished; copy it to this outer future.
    ShieldInner(FutureId),
    /// `shield`: the outer future finished; drop the inner callback.
    ShieldOuter(FutureId),
    /// `wait`'s `_on_completion` for wait state `n`.
    Wait(u32),
    /// `as_completed`'s `_on_completion` for state `n`.
    AsCompleted(u32),
    /// `TaskGroup._on_task_done` for group `n`.
    TaskGroup(u32),
    /// `run_until_complete`'s callback that stops the loop.
    StopLoop,
    /// A concurrent future's completion posted to the loop for this asyncio future.
    ChainToLoop(FutureId),
    /// An asyncio future chained to this concurrent future: cancel it along.
    ChainCancel(FutureId),
    /// `_release_waiter`: set this waiter future's result unless it is done.
    Release(FutureId),
}

/// What a handle runs.
pub(crate) enum Cb<V: Value> {
    Step(TaskId, Option<V>),
    Done(FutureId, DoneCb<V>),
    Host(Box<dyn Coroutine<V>>),
    SetResultUnlessCancelled(FutureId, V),
    /// Copy the state of concurrent future `.1` into asyncio future `.0`.
    CopyState(FutureId, FutureId),
    TimeoutFire(u32),
    WaitTimeout(u32),
    AsCompletedTimeout(u32),
}

pub(crate) struct HandleSlot<V: Value> {
    pub cb: Option<Cb<V>>,
    pub cancelled: bool,
    pub when: Option<f64>,
    pub span: Span,
}

/// A future's done-callbacks, in registration order.
///
/// Nearly every future gets exactly one callback (the awaiting task's
/// `__wakeup`), so one is kept inline and a list is allocated only for more.
pub(crate) enum Callbacks<V: Value> {
    /// No callbacks.
    None,
    /// Exactly one.
    One(DoneCb<V>),
    /// Any number, in order.
    Many(Vec<DoneCb<V>>),
}

impl<V: Value> Callbacks<V> {
    /// Appends a callback.
    pub fn push(&mut self, cb: DoneCb<V>) {
        match self {
            Callbacks::None => *self = Callbacks::One(cb),
            Callbacks::Many(v) => v.push(cb),
            Callbacks::One(_) => {
                if let Callbacks::One(first) = std::mem::replace(self, Callbacks::None) {
                    *self = Callbacks::Many(vec![first, cb]);
                }
            }
        }
    }

    /// How many callbacks there are.
    pub fn len(&self) -> usize {
        match self {
            Callbacks::None => 0,
            Callbacks::One(_) => 1,
            Callbacks::Many(v) => v.len(),
        }
    }

    /// Keeps the callbacks for which `keep` holds, in order.
    pub fn retain(&mut self, mut keep: impl FnMut(&DoneCb<V>) -> bool) {
        match self {
            Callbacks::None => {}
            Callbacks::One(cb) => {
                if !keep(cb) {
                    *self = Callbacks::None;
                }
            }
            Callbacks::Many(v) => v.retain(keep),
        }
    }
}

pub(crate) struct FutSlot<V: Value> {
    pub state: FState<V>,
    pub callbacks: Callbacks<V>,
    /// Threads blocked on this future (`BlockOn`).
    pub thread_waiters: Vec<ThreadId>,
    /// `Future.__log_traceback`: an exception was set and nobody looked at it yet.
    pub log_traceback: bool,
    /// Already reported as never retrieved (or released).
    pub released: bool,
    /// The host dropped it while pending (`asyncio.create_task(...)` as a
    /// statement): it is released as soon as it finishes.
    pub release_on_done: bool,
    /// A `concurrent.futures.Future`: callbacks run at once in the completing thread.
    pub concurrent: bool,
    /// A concurrent future whose job started (it can no longer be cancelled).
    pub running: bool,
    pub task: Option<TaskId>,
    /// `_GatheringFuture`: cancelling it cancels the children.
    pub gather: Option<u32>,
    /// What created it (`Queue.put()`), as recorded in `FutureCreated`.
    pub label: Sym,
}

pub(crate) struct TaskSlot<V: Value> {
    pub fut: FutureId,
    pub coro: Option<Box<dyn Coroutine<V>>>,
    pub name: String,
    pub coro_name: String,
    /// Where the coroutine is defined (`main.py:4`), from [`Coroutine::defined_at`].
    pub defined_at: Option<String>,
    pub must_cancel: bool,
    pub cancel_msg: Option<String>,
    pub num_cancels_requested: u32,
    pub fut_waiter: Option<FutureId>,
    pub started: bool,
    pub span: Span,
}

/// What a thread is doing, for the scheduler.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum TState {
    /// Can run now.
    Ready,
    /// In a blocking call until this time.
    Sleeping(f64),
    /// Waiting for a future.
    BlockedOn(FutureId),
    /// Doing CPU work, holding its GIL if there is one; predicted to end at this time (see `cores.rs`).
    Computing(f64),
    /// Waiting for its process's GIL.
    WantGil,
    /// The loop thread in `select`.
    LoopWait,
    /// An executor worker waiting for a job.
    Idle,
    /// Finished.
    Done,
}

pub(crate) struct ThreadSlot<V: Value> {
    pub kind: ThreadKind,
    pub name: String,
    pub process: u32,
    pub state: TState,
    /// The computation it runs: the module body, a job, a thread's target.
    pub job: Option<Box<dyn Coroutine<V>>>,
    pub job_id: Option<JobId>,
    /// The concurrent future the job completes.
    pub job_fut: Option<FutureId>,
    /// What the computation resumes with.
    pub resume: Option<Sent<V>>,
    pub ready_seq: u64,
    pub executor: Option<u32>,
    /// Done when the thread ends; made by the first `join`, so that threads
    /// nobody joins (the main thread, executor workers) add no future to the trace.
    pub done_fut: Option<FutureId>,
    /// Remaining CPU seconds of an interrupted `Compute`.
    pub compute_left: f64,
    /// While computing: the work-clock reading at which its CPU work is done.
    pub compute_target: f64,
    /// When it started waiting for the GIL.
    pub gil_since: f64,
    /// It is in a blocking call; `BlockEnd` is recorded when it resumes.
    pub blocked: bool,
    pub span: Span,
}

/// A continuation of the loop thread paused in the middle of a handle.
pub(crate) enum Cont<V: Value> {
    Task(TaskId),
    /// A host callback, with the future it was called with if it is a done-callback.
    Callback(Box<dyn Coroutine<V>>, Option<FutureId>),
}

/// Where `asyncio.run` (or the call that runs the loop) is in its sequence.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum RunnerPhase {
    Main,
    /// `loop.run_until_complete(fut)`: the loop stays open when it stops.
    Until(FutureId),
    /// `loop.run_forever()`: runs until `loop.stop()`.
    Forever,
    CancelAll,
    AsyncGens,
    DefaultExecutor,
}

/// One `asyncio.run` in progress.
pub(crate) struct LoopRun<V: Value> {
    /// Handles left to run in this iteration (`ntodo`), or `None` between iterations.
    pub ntodo: Option<u32>,
    pub stopping: bool,
    pub runner: RunnerPhase,
    /// The task `asyncio.run` returns the outcome of (none for `Runner.close()`).
    pub main_task: Option<TaskId>,
    pub cont: Option<Cont<V>>,
    pub running: Option<HandleId>,
    pub to_cancel: Vec<TaskId>,
    pub idle_emitted: bool,
}

/// The model: the loop, its futures and tasks, the threads, and the trace.
pub struct Sim<V: Value> {
    pub(crate) cfg: Config,
    pub(crate) now: f64,
    pub(crate) span: Span,
    pub(crate) cur_thread: ThreadId,
    pub(crate) cur_task: Option<TaskId>,
    pub(crate) ready: VecDeque<HandleId>,
    pub(crate) timers: TimerHeap,
    pub(crate) handles: Vec<HandleSlot<V>>,
    pub(crate) futures: Vec<FutSlot<V>>,
    pub(crate) tasks: Vec<TaskSlot<V>>,
    pub(crate) threads: Vec<ThreadSlot<V>>,
    pub(crate) lp: Option<LoopRun<V>>,
    /// The event loop that exists between runs (`new_event_loop`, `Runner`).
    pub(crate) life: crate::lifecycle::LoopLife,
    /// How many eager tasks are running their first step inside their creator.
    pub(crate) eager_depth: u32,
    /// The program's task factory, for the model's own tasks.
    pub(crate) task_hook: Option<crate::reports::TaskFactoryHook<V>>,
    /// The program's exception handler, if it set one.
    pub(crate) handler: Option<crate::reports::HandlerFactory<V>>,
    /// Set when the handler was changed while it ran, so that the one
    /// that ran is not put back over the new choice.
    pub(crate) handler_replaced: bool,
    /// The host's logging, which words (or silences) the reports CPython
    /// logs (see [`Sim::set_log_hook`]).
    pub(crate) log_hook: Option<LogHook<V>>,
    /// The host's count of what is written (see [`Sim::set_output_gate`]).
    pub(crate) output_gate: Option<OutputGate>,
    pub(crate) current: Option<ThreadId>,
    pub(crate) seq: u64,
    pub(crate) task_counter: u32,
    pub(crate) halt: Option<LimitKind>,
    pub(crate) trace: Trace,
    pub(crate) lib: crate::library::Library<V>,
    pub(crate) exec: crate::executor::Executors<V>,
    pub(crate) gil: crate::gil::Gils,
    pub(crate) cpu: crate::cores::Cores,
    /// Future labels interned once each: a program creates thousands of
    /// futures but only a handful of distinct labels.
    pub(crate) labels: HashMap<String, Sym, BuildHasherDefault<LabelHasher>>,
    /// Fixed result texts (`None`, `True`) with their slots in the trace's
    /// recent-strings table: most futures finish with one of them, and
    /// comparing the text's address is cheaper than hashing it again.
    pub(crate) static_slots: Vec<(&'static str, usize)>,
    /// Fixed future labels (`Queue.get()`, `sleep()`) with their symbols,
    /// found by the text's address: the same symbol [`Sim::label_sym`] gives,
    /// without hashing the label for every future.
    pub(crate) static_labels: Vec<(&'static str, Sym)>,
    /// Events emitted so far, stored or not ([`Record`]).
    pub(crate) emitted: usize,
    /// How deep the model is in work that re-enters itself on the Rust stack
    /// (a cancellation passed on to the future a task awaits, a concurrent
    /// future's callbacks run in the completing thread, `wait_for` running
    /// its coroutine inline), in units of [`NESTING_LIMIT`].
    pub(crate) nesting: u32,
    /// Threads that became runnable, as (order of becoming runnable,
    /// thread): the scheduler's next thread is the first entry whose thread
    /// is still runnable with that order.  Entries left behind by threads
    /// that ran meanwhile are dropped when they reach the top, so choosing
    /// the next thread costs a logarithm of the runnable ones rather than a
    /// scan of every thread the program ever started.
    pub(crate) runnable: std::collections::BinaryHeap<std::cmp::Reverse<(u64, u32)>>,
    /// Threads in a blocking call, by (end, main thread last, order of
    /// starting to wait, thread), with stale entries dropped the same way.
    pub(crate) sleepers: std::collections::BinaryHeap<std::cmp::Reverse<crate::sched::SleepKey>>,
    /// A deadline for the current thread's next `Step::BlockOn` (see [`Sim::block_deadline`]).
    pub(crate) block_deadline: Option<f64>,
    /// What the module body ended with, kept between the slices of a run
    /// ([`Sim::resume_program`]).
    pub(crate) main_result: Option<Result<(), V>>,
    /// The host's `loop.shutdown_asyncgens()` (see [`Sim::set_shutdown_asyncgens`]).
    pub(crate) shutdown_asyncgens: Option<AsyncgenShutdown<V>>,
    /// The host's finalisation, not yet run (see [`Sim::set_at_exit`]).
    pub(crate) at_exit: Option<AtExit<V>>,
    /// Whether the main thread now runs the host's finalisation, whose
    /// outcome does not replace the program's.
    pub(crate) exiting: bool,
}

/// Makes the host's finalisation, or `None` when it has nothing to do (see [`Sim::set_at_exit`]).
pub type AtExit<V> = Box<dyn FnOnce() -> Option<Box<dyn Coroutine<V>>>>;

/// The line a record of a logger (`asyncio`, `concurrent.futures`) at
/// ERROR level makes from its message, or `None` when the program's logging
/// configuration drops it (see [`Sim::set_log_hook`]).
pub type LogHook<V> = Box<dyn Fn(&Sim<V>, &str, &str) -> Option<String>>;

/// Counts the bytes of a report the model writes itself (an exception in a
/// thread, a task's exception never retrieved) against the host's output
/// limit, and says whether they may be written (see [`Sim::set_output_gate`]).
pub type OutputGate = Box<dyn Fn(usize) -> bool>;

/// Makes the coroutine of `loop.shutdown_asyncgens()` (see [`Sim::set_shutdown_asyncgens`]).
pub type AsyncgenShutdown<V> = Box<dyn FnMut() -> Box<dyn Coroutine<V>>>;

/// How deep re-entrant model work may nest before it raises `RecursionError`,
/// as CPython does when the same chains exhaust its recursion limit.
///
/// A cancellation passed on costs one unit, so a task cancelling the
/// `gather` it awaits, which cancels the task again, stops after about 500
/// round trips, close to where CPython 3.12 stops (its limit of 1000 frames
/// is reached after about 500 `_GatheringFuture.cancel` frames).  Each unit
/// costs well under a kilobyte of native stack, even unoptimised, so the
/// whole chain fits the 2 MiB of a test thread and the 1 MiB of the
/// WebAssembly stack.
pub(crate) const NESTING_LIMIT: u32 = 1000;

/// What running host code inline (a callback of a concurrent future,
/// `wait_for`'s coroutine) costs in units of [`NESTING_LIMIT`]: a host's
/// interpreter takes tens of kilobytes of native stack per entry when
/// unoptimised, so at most 25 such entries may nest.
pub(crate) const HOST_NESTING: u32 = 40;

/// FNV-1a, for the map of future labels: labels are short and chosen by the
/// program's own code, so SipHash's protection against crafted keys buys
/// nothing, while hashing one label per created future showed up in profiles.
pub(crate) struct LabelHasher(u64);

impl Default for LabelHasher {
    fn default() -> LabelHasher {
        LabelHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for LabelHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.0;
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

impl<V: Value> Sim<V> {
    /// A fresh model with no loop running yet.
    pub fn new(cfg: Config) -> Sim<V> {
        // Runs average well under one handle per 4 events and one future per
        // 8 (10 000 sleeping tasks: 1/7 and 1/14; queue pairs: 1/6 and 1/9),
        // and under one task per 32 (sleeping tasks: 1/28, queue pairs: 1/190).
        let n = cfg.expected_events.min(cfg.max_events);
        let mut trace = Trace::new();
        if cfg.record == Record::All {
            trace.events.reserve(n);
        }
        Sim {
            cfg,
            now: 0.0,
            span: Span::default(),
            cur_thread: ThreadId(0),
            cur_task: None,
            ready: VecDeque::new(),
            timers: TimerHeap::default(),
            handles: Vec::with_capacity(n / 4),
            futures: Vec::with_capacity(n / 8),
            tasks: Vec::with_capacity(n / 32),
            threads: Vec::new(),
            lp: None,
            life: Default::default(),
            handler: None,
            log_hook: None,
            output_gate: None,
            task_hook: None,
            eager_depth: 0,
            handler_replaced: false,
            current: None,
            seq: 0,
            task_counter: 0,
            halt: None,
            trace,
            lib: crate::library::Library::default(),
            exec: crate::executor::Executors::default(),
            gil: crate::gil::Gils::default(),
            cpu: crate::cores::Cores::default(),
            labels: HashMap::default(),
            static_slots: Vec::new(),
            static_labels: Vec::new(),
            emitted: 0,
            nesting: 0,
            shutdown_asyncgens: None,
            runnable: Default::default(),
            sleepers: Default::default(),
            block_deadline: None,
            main_result: None,
            at_exit: None,
            exiting: false,
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.cfg
    }

    /// `loop.time()`: virtual seconds since the program started.
    pub fn now(&self) -> f64 {
        self.now
    }

    /// Sets the source location that the following events are attributed to.
    pub fn set_span(&mut self, span: Span) {
        self.span = span;
    }

    /// The current source location.
    pub fn span(&self) -> Span {
        self.span
    }

    /// The thread running now.
    pub fn current_thread(&self) -> ThreadId {
        self.cur_thread
    }

    /// `asyncio.current_task()`: the task whose step is running, if any.
    pub fn current_task(&self) -> Option<TaskId> {
        self.cur_task
    }

    /// The limit that stopped the run, once one has: the host should stop
    /// running code, since nothing it does is recorded any more.
    pub fn halted(&self) -> Option<LimitKind> {
        self.halt
    }

    /// Events emitted so far, recorded or not (what `max_events` counts).
    pub fn events_emitted(&self) -> usize {
        self.emitted
    }

    /// Whether every event is kept ([`Record::All`]); with [`Record::Output`]
    /// the texts only other events would show (a result's `repr`, a task's
    /// name) need not be made.
    pub(crate) fn records_all(&self) -> bool {
        self.cfg.record == Record::All
    }

    /// The recorded trace.
    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    /// Takes the recorded trace out of the model.
    pub fn into_trace(self) -> Trace {
        self.trace
    }

    /// Writes text to stdout (one `Print` event; include the line end).
    pub fn print(&mut self, text: &str) {
        let text = self.trace.intern(text);
        self.emit(EventKind::Print {
            text,
            stderr: false,
        });
    }

    /// Writes text to stderr (tracebacks, warnings).
    pub fn eprint(&mut self, text: &str) {
        let text = self.trace.intern(text);
        self.emit(EventKind::Print { text, stderr: true });
    }

    /// Records that `fut` completes from `on` (an edge of the await tree),
    /// when the whole trace is kept.
    pub(crate) fn link(&mut self, fut: FutureId, on: crate::trace::Below) {
        if self.cfg.record == Record::All && self.halt.is_none() {
            self.trace.links.push(crate::trace::Link { fut, on });
        }
    }

    /// Records an event at the current time, thread, task and span.
    pub(crate) fn emit(&mut self, kind: EventKind) {
        if self.halt.is_some() {
            return;
        }
        let over = self.emitted >= self.cfg.max_events;
        self.emitted += 1;
        if over {
            self.halt = Some(LimitKind::Events);
            let ev = Event {
                t: self.now,
                thread: self.cur_thread,
                task: self.cur_task,
                span: self.span,
                kind: EventKind::Limit {
                    kind: LimitKind::Events,
                },
            };
            self.trace.push(ev);
            return;
        }
        if self.cfg.record == Record::Output
            && !matches!(kind, EventKind::Print { .. } | EventKind::Limit { .. })
        {
            return;
        }
        let ev = Event {
            t: self.now,
            thread: self.cur_thread,
            task: self.cur_task,
            span: self.span,
            kind,
        };
        self.trace.push(ev);
    }

    /// Interns a string for an event.
    pub(crate) fn sym(&mut self, s: &str) -> Sym {
        self.trace.intern(s)
    }

    /// Interns a fixed text from [`crate::Value::describe_static`].
    ///
    /// The result is what [`Sim::sym`] gives (the trace's string table must not
    /// change); only the hashing is done once per text.
    pub(crate) fn static_sym(&mut self, s: &'static str) -> Sym {
        let slot = match self.static_slots.iter().find(|(t, _)| std::ptr::eq(*t, s)) {
            Some((_, slot)) => *slot,
            None => {
                let slot = crate::trace::Trace::recent_slot(s);
                self.static_slots.push((s, slot));
                slot
            }
        };
        self.trace.intern_at(s, slot)
    }

    /// Interns a future's label, sharing one string between all futures with the same label.
    pub(crate) fn label_sym(&mut self, label: &str) -> Sym {
        if let Some(sym) = self.labels.get(label) {
            return *sym;
        }
        let sym = self.trace.intern(label);
        self.labels.insert(label.to_string(), sym);
        sym
    }

    /// [`Sim::label_sym`] for a fixed label, found by its address after the first time.
    pub(crate) fn static_label_sym(&mut self, label: &'static str) -> Sym {
        if let Some((_, sym)) = self
            .static_labels
            .iter()
            .find(|(t, _)| std::ptr::eq(*t, label))
        {
            return *sym;
        }
        let sym = self.label_sym(label);
        self.static_labels.push((label, sym));
        sym
    }

    /// A new exception value of a model kind.
    pub(crate) fn exc(kind: ExcKind, msg: &str) -> V {
        V::exception(
            kind,
            if msg.is_empty() {
                None
            } else {
                Some(msg.to_string())
            },
        )
    }

    /// Enters `cost` units of re-entrant work, or gives the `RecursionError`
    /// to raise when that would pass [`NESTING_LIMIT`]; every `Ok` must be
    /// paired with [`Sim::leave_nested`] with the same cost.
    ///
    /// `msg` is the `RecursionError`'s message: CPython words it `maximum
    /// recursion depth exceeded`, with `while calling a Python object` when
    /// native code (a task's `cancel`) was about to call Python.
    pub(crate) fn enter_nested(&mut self, cost: u32, msg: &str) -> Result<(), V> {
        if self.nesting + cost > NESTING_LIMIT {
            return Err(Self::exc(ExcKind::Recursion, msg));
        }
        self.nesting += cost;
        Ok(())
    }

    /// Leaves what [`Sim::enter_nested`] entered.
    pub(crate) fn leave_nested(&mut self, cost: u32) {
        self.nesting = self.nesting.saturating_sub(cost);
    }

    /// The next sequence number (orders threads becoming runnable).
    pub(crate) fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }
}
