//! The trace: every event of a run, in order, with interned strings and checkpoints.
//!
//! Events are kept small (about 48 bytes) because the front end scrubs through
//! traces of 100 000 events and more: strings (printed text, names, labels) are
//! interned once in [`Trace::strings`] and referred to by a [`Sym`].

use crate::coro::{FutureId, Span, TaskId, ThreadId};
use crate::state::State;
use serde::{Deserialize, Serialize};
use std::cell::OnceCell;

/// The version of the serialised trace format.
pub const SCHEMA: u32 = 2;

/// Index of an interned string in [`Trace::strings`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Sym(pub u32);

/// Index of a loop handle (`Handle`/`TimerHandle`), in creation order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct HandleId(pub u32);

/// Index of an executor job (one `submit`), in submission order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct JobId(pub u32);

/// What a handle will do when the loop runs it (for the diagram's chips).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum HandleKind {
    /// `Task.__step` of this task.
    Step(TaskId),
    /// `Task.__wakeup` of this task, queued by the future it awaited.
    Wakeup(TaskId),
    /// A done-callback of this future (other than a task wake-up).
    DoneCallback(FutureId),
    /// `futures._set_result_unless_cancelled` of `asyncio.sleep`.
    SleepTimer(FutureId),
    /// The expiry of an `asyncio.timeout` (cancels this task).
    Timeout(TaskId),
    /// A completion posted by a worker thread (`call_soon_threadsafe`).
    Threadsafe(FutureId),
    /// A host callback with this name.
    Callback(Sym),
    /// Loop machinery with this label (`stop`, `wait timeout`, ...).
    Internal(Sym),
}

/// What a future waits on: an edge of the await tree below a future.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Below {
    /// Another future (a gather's child, a shield's inner future, the
    /// concurrent future an asyncio future follows).
    Future(FutureId),
    /// An executor job, whose end resolves the future.
    Job(JobId),
}

/// One edge of the await tree, fixed when it is made: `fut` completes from `on`.
///
/// Which task awaits which future changes with every step and is part of
/// [`State`]; what a combinator's future waits on never changes once made,
/// so it is kept once beside the events (not as events, which would shift
/// every event index a link or a test names).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// The waiting future.
    pub fut: FutureId,
    /// What it waits on.
    pub on: Below,
}

/// How a future ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Resolution {
    /// `set_result`.
    Result,
    /// `set_exception`.
    Exception,
    /// `cancel`.
    Cancelled,
}

/// Why a task step ended.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum StepEnd {
    /// It awaits this pending future.
    Await(FutureId),
    /// Bare yield: it was re-queued at once.
    Yield,
    /// The coroutine returned.
    Returned,
    /// The coroutine raised (the task holds the exception).
    Raised,
    /// The coroutine ended with `CancelledError`: the task is cancelled.
    Cancelled,
}

/// What a thread is in the model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThreadKind {
    /// The main thread, which runs the module body and the event loop.
    Main,
    /// A worker of a `ThreadPoolExecutor`.
    Worker,
    /// A worker process of a `ProcessPoolExecutor` (its own GIL).
    Process,
    /// A `threading.Thread`.
    Plain,
}

/// Why a run stopped early.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LimitKind {
    /// More events than `Config::max_events`.
    Events,
    /// Virtual time would pass `Config::max_virtual_time`.
    VirtualTime,
}

/// Whether a span is "no source location", which the JSON leaves out.
fn no_span(s: &Span) -> bool {
    s.line == 0 && s.col == 0
}

/// One thing that happened.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum EventKind {
    /// The module body starts on the main thread.
    ProgramStart,
    /// The program ended (see the run's outcome).
    ProgramEnd,
    /// `asyncio.run` created the loop and the main task.
    LoopStart,
    /// One `run_until_complete` stopped the loop.
    LoopStop,
    /// `loop.close()`.
    LoopClose,
    /// One `_run_once` begins: `ntodo` handles will run.
    Iteration {
        /// Handles in the ready deque at this moment.
        ntodo: u32,
    },
    /// The virtual clock jumped forward from `from` to the event's time.
    ClockJump {
        /// The time before the jump.
        from: f64,
    },
    /// A handle was appended to the ready deque.
    HandleQueued {
        /// The handle.
        handle: HandleId,
        /// What it runs.
        kind: HandleKind,
    },
    /// The loop started running a handle (it left the ready deque).
    HandleRun {
        /// The handle.
        handle: HandleId,
    },
    /// A handle finished running.
    HandleDone {
        /// The handle.
        handle: HandleId,
    },
    /// A cancelled handle was skipped or dropped from the ready deque.
    HandleSkipped {
        /// The handle.
        handle: HandleId,
    },
    /// A handle or timer was cancelled (it stays queued until dropped).
    HandleCancelled {
        /// The handle.
        handle: HandleId,
    },
    /// A timer was pushed onto the heap.
    TimerSet {
        /// The timer's handle.
        handle: HandleId,
        /// Its deadline.
        when: f64,
        /// What it runs.
        kind: HandleKind,
    },
    /// A due timer moved from the heap to the ready deque.
    TimerFired {
        /// The timer's handle.
        handle: HandleId,
        /// Its deadline.
        when: f64,
    },
    /// A cancelled timer was dropped from the heap.
    TimerDropped {
        /// The timer's handle.
        handle: HandleId,
        /// Its deadline.
        when: f64,
    },
    /// The loop waits in `select` (nothing ready).
    LoopIdle,
    /// A future was created.
    FutureCreated {
        /// The future.
        fut: FutureId,
        /// What created it, as code (`Queue.put()`, `gather()`, `Future()`).
        label: Sym,
    },
    /// A future became done; its callbacks follow as `HandleQueued`.
    FutureDone {
        /// The future.
        fut: FutureId,
        /// How.
        how: Resolution,
        /// `repr` of the result or exception.
        value: Sym,
    },
    /// A task was created (its first step is queued next).
    TaskCreated {
        /// The task.
        task: TaskId,
        /// Its future.
        fut: FutureId,
        /// Its name (`Task-N`).
        name: Sym,
        /// Its coroutine's name.
        coro: Sym,
    },
    /// A task was renamed.
    TaskRenamed {
        /// The task.
        task: TaskId,
        /// The new name.
        name: Sym,
    },
    /// A task step begins (the event's task).
    StepBegin,
    /// A task step ended.
    StepEnd {
        /// Why.
        end: StepEnd,
    },
    /// `task.cancel()` was requested.
    CancelRequested {
        /// The task.
        task: TaskId,
    },
    /// The event's thread blocks for `seconds` (`time.sleep`); on the loop thread the loop is held.
    BlockBegin {
        /// Until when.
        until: f64,
        /// The label (`time.sleep(1)`).
        label: Sym,
    },
    /// The event's thread waits for a future (`join`, `result()`).
    BlockOnBegin {
        /// The future.
        fut: FutureId,
    },
    /// The event's thread resumes after `BlockBegin`/`BlockOnBegin`.
    BlockEnd,
    /// The event's thread starts `ops` operations of CPU work.
    ComputeBegin {
        /// Operations.
        ops: u64,
    },
    /// The event's thread finished its CPU work.
    ComputeEnd,
    /// The event's thread waits for the GIL.
    GilWait,
    /// The event's thread now holds its process's GIL.
    GilAcquired,
    /// The event's thread released its process's GIL.
    GilReleased,
    /// A thread started.
    ThreadStarted {
        /// The thread.
        thread: ThreadId,
        /// What kind.
        kind: ThreadKind,
        /// Its name.
        name: Sym,
    },
    /// A thread ended.
    ThreadEnded {
        /// The thread.
        thread: ThreadId,
    },
    /// An executor job entered its executor's work queue.
    JobQueued {
        /// The job.
        job: JobId,
        /// The executor.
        executor: u32,
        /// The function's name.
        name: Sym,
    },
    /// A worker (the event's thread) started a job.
    JobStarted {
        /// The job.
        job: JobId,
    },
    /// A queued job was dropped by `shutdown(cancel_futures=True)`; its future is cancelled.
    JobCancelled {
        /// The job.
        job: JobId,
    },
    /// A job finished on the event's thread.
    JobFinished {
        /// The job.
        job: JobId,
    },
    /// Output: a line (or part of one) printed.
    Print {
        /// The text.
        text: Sym,
        /// True for stderr.
        stderr: bool,
    },
    /// An exception nobody handled (callback, thread, unretrieved, program).
    Exception {
        /// Its `repr`.
        value: Sym,
    },
    /// The run stopped at a limit.
    Limit {
        /// Which.
        kind: LimitKind,
    },
    /// Nothing can ever run again.
    Deadlock,
}

/// An event with its time, thread, task and source location.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Virtual time in seconds.
    pub t: f64,
    /// The thread it happened on.
    pub thread: ThreadId,
    /// The task running on the loop at that moment, if any (omitted from JSON when none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<TaskId>,
    /// The source location that caused it (omitted from JSON when there is none).
    #[serde(default, skip_serializing_if = "no_span")]
    pub span: Span,
    /// What happened.
    pub kind: EventKind,
}

/// A recorded run: events, interned strings and, once asked for, state checkpoints.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Trace {
    /// Always [`SCHEMA`].
    pub schema: u32,
    /// Interned strings referred to by [`Sym`].
    pub strings: Vec<String>,
    /// The events, in order.
    pub events: Vec<Event>,
    /// What each combinator's future waits on, in the order the links were made.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// The checkpoints for [`Trace::state_at`], built on first use.
    ///
    /// Recording only appends events: a consumer that needs only the output
    /// (the CLI) never pays for the visible state, while the front end builds
    /// the checkpoints once, by one replay, when it first scrubs.
    #[serde(skip)]
    index: OnceCell<Index>,
    /// Recently interned strings by a hash of their text, so that a string
    /// recorded again and again (`None` results, a coroutine's name) is
    /// stored once; a slot only suggests a candidate, which is compared.
    #[serde(skip)]
    recent: [u32; RECENT_SLOTS],
}

/// Number of slots of [`Trace::recent`].
const RECENT_SLOTS: usize = 32;

/// Snapshots of the state spaced through a trace, and the state after its last event.
#[derive(Clone, Debug)]
struct Index {
    /// Snapshots sorted by `State::index`, starting with the empty state.
    checkpoints: Vec<State>,
    /// The state after the last indexed event.
    live: State,
    /// Events applied since the last checkpoint.
    since_checkpoint: usize,
    /// Bytes of all checkpoints beyond what they share with each other.
    bytes: usize,
}

/// Minimum number of events between two checkpoints.
const MIN_INTERVAL: usize = 64;

/// Bytes of checkpoint allowed per event of the trace.
const BUDGET: usize = 24;

/// Most events between two checkpoints, whatever the next one costs.
const MAX_INTERVAL: usize = 6144;

impl Index {
    /// An index of no events.
    fn new() -> Index {
        Index {
            checkpoints: vec![State::default()],
            live: State::default(),
            since_checkpoint: 0,
            bytes: std::mem::size_of::<State>(),
        }
    }

    /// An index of all of `events`, by one replay.
    fn build(events: &[Event]) -> Index {
        let mut ix = Index::new();
        for ev in events {
            ix.push(ev);
        }
        ix
    }

    /// Applies the next event and takes a checkpoint when due.
    fn push(&mut self, ev: &Event) {
        self.live.apply(ev);
        self.since_checkpoint += 1;
        // A checkpoint shares the unchanged chunks of the big maps with the
        // previous one, so it costs only what changed since (plus the small
        // parts).  Taking one as soon as that cost is within the budget for
        // the events since keeps checkpoints to a fixed share of the trace's
        // memory, and makes them dense where the state changes in few places
        // (a rebuild replays few events) and sparse only where every event
        // writes somewhere else in a big state.
        // The cost is looked at every 16 events only, which keeps it out of
        // the time of building the index.
        if self.since_checkpoint >= MIN_INTERVAL && self.since_checkpoint.is_multiple_of(16) {
            let cost = self.live.unshared_bytes();
            if cost <= BUDGET * self.since_checkpoint || self.since_checkpoint >= MAX_INTERVAL {
                self.checkpoints.push(self.live.clone());
                self.live.shared();
                self.bytes += cost;
                self.since_checkpoint = 0;
            }
        }
    }
}

impl Trace {
    /// An empty trace.
    pub fn new() -> Trace {
        Trace {
            schema: SCHEMA,
            ..Trace::default()
        }
    }

    /// The string behind a symbol (empty if out of range).
    pub fn str(&self, sym: Sym) -> &str {
        self.strings
            .get(sym.0 as usize)
            .map(String::as_str)
            .unwrap_or("")
    }

    /// Interns a string, reusing the symbol of a recently interned equal string.
    pub(crate) fn intern(&mut self, s: &str) -> Sym {
        self.intern_at(s, Self::recent_slot(s))
    }

    /// The slot of the recent-strings table a string is looked up in.
    pub(crate) fn recent_slot(s: &str) -> usize {
        // FNV-1a over the length and the first 16 bytes: cheap, and enough to
        // tell apart the few strings that repeat within a run.
        let mut h: u32 = 0x811c_9dc5 ^ s.len() as u32;
        for b in s.bytes().take(16) {
            h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
        }
        (h as usize) % RECENT_SLOTS
    }

    /// [`Trace::intern`] with the string's slot already known (`recent_slot(s)`).
    pub(crate) fn intern_at(&mut self, s: &str, slot: usize) -> Sym {
        let candidate = self.recent[slot];
        if self.strings.get(candidate as usize).is_some_and(|c| c == s) {
            return Sym(candidate);
        }
        let sym = self.strings.len() as u32;
        self.strings.push(s.to_string());
        self.recent[slot] = sym;
        Sym(sym)
    }

    /// Appends an event (and keeps the checkpoints current if they were already built).
    #[inline]
    pub(crate) fn push(&mut self, ev: Event) {
        if let Some(ix) = self.index.get_mut() {
            ix.push(&ev);
        }
        self.events.push(ev);
    }

    /// Builds the checkpoints now, if they are not built yet.
    ///
    /// [`Trace::state_at`] does this on its first call; a front end may call
    /// it right after a run so that the first scrub does not pay for it.
    pub fn index(&self) {
        self.checkpoints();
    }

    /// The checkpoints, built by one replay of the events on first use.
    fn checkpoints(&self) -> &Index {
        self.index.get_or_init(|| Index::build(&self.events))
    }

    /// Number of checkpoints (building them if needed).
    pub fn checkpoint_count(&self) -> usize {
        self.checkpoints().checkpoints.len()
    }

    /// Recomputes the checkpoints (after deserialising or editing `events`).
    pub fn rebuild_checkpoints(&mut self) {
        self.index = OnceCell::new();
        self.index();
    }

    /// The full visible state after the first `index` events (`index` is clamped to the trace length).
    pub fn state_at(&self, index: usize) -> State {
        let index = index.min(self.events.len());
        let ix = self.checkpoints();
        if index == self.events.len() && ix.live.index == index {
            return ix.live.clone();
        }
        // Checkpoints are sorted by index: binary search for the last one at or before `index`.
        let pos = ix.checkpoints.partition_point(|c| c.index <= index);
        let mut st = match pos.checked_sub(1).and_then(|p| ix.checkpoints.get(p)) {
            Some(c) => c.clone(),
            None => State::default(),
        };
        for ev in self.events.get(st.index..index).unwrap_or(&[]) {
            st.apply(ev);
        }
        st
    }

    /// An estimate of the trace's memory in bytes: events, strings and
    /// checkpoints (building them if needed; a checkpoint counts only what it
    /// does not share with the previous one).
    pub fn memory_bytes(&self) -> usize {
        let events = self.events.len() * std::mem::size_of::<Event>();
        let strings: usize = self
            .strings
            .iter()
            .map(|s| s.len() + std::mem::size_of::<String>())
            .sum();
        events + strings + self.checkpoints().bytes
    }

    /// The number of events that happened at or before virtual time `t` (for a scrubber; binary search).
    pub fn index_at_time(&self, t: f64) -> usize {
        self.events.partition_point(|e| e.t <= t)
    }

    /// The trace as JSON (versioned by `schema`).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a trace from JSON (its checkpoints are built on first use).
    pub fn from_json(text: &str) -> Result<Trace, String> {
        let t: Trace = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if t.schema != SCHEMA {
            return Err(format!("unsupported trace schema {}", t.schema));
        }
        Ok(t)
    }
}
