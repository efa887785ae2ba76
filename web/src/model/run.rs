//! One run of a program and everything the views derive from its trace.
//!
//! The trace is the single source of truth; this module computes, once per
//! run, the facts every frame needs quickly: console lines, timeline rows
//! with their coloured segments, how the loop spent its time, and how many
//! events share each instant (for playback).

use crate::i18n::{say, texts, Lang, Phrase};
use crate::model::future_set::FutureSet;
use loopscope_sim::{Event, EventKind, HandleId, HandleKind, Resolution, StepEnd, Sym, ThreadKind};
use loopscope_sim::{FutureId, TaskId, ThreadId, Trace};
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;
use std::rc::Rc;

/// How a run ended, in the terms the page shows.
///
/// Everything here is data, not words: the page words it in the reader's
/// language when it renders (`crate::model::words`), so switching the language
/// rewords an error without running the program again.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Ending {
    /// Everything finished normally.
    Finished,
    /// The program raised; the traceback as Python prints it.
    Raised {
        /// The traceback text (with whatever the program wrote to stderr before it).
        traceback: String,
        /// Where the exception was raised, as `loopscope_py` located it.
        at: Option<loopscope_py::Site>,
        /// For each line of `traceback` that names a frame of the program:
        /// its 0-based index among the text's lines and the program line.
        frame_lines: Vec<(usize, u32)>,
    },
    /// The source could not run at all (syntax error or unsupported construct).
    Rejected {
        /// 1-based line.
        line: u32,
        /// 1-based column.
        col: u32,
        /// What is wrong.
        why: Rejection,
    },
    /// A limit stopped the run early; the partial trace stays playable.
    Limit(loopscope_py::Limit),
    /// Nothing could ever run again.
    Deadlock {
        /// Every task and thread still waiting, and the future each waits for.
        waiters: Vec<loopscope_sim::Waiter>,
        /// The tasks that were waiting, to highlight.
        tasks: Vec<TaskId>,
    },
    /// The engine could not finish the run (there is no trace to show).
    Failed(Failure),
}

/// Why the engine could not finish a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Failure {
    /// The engine crashed (a panic, a trap, a stack overflow): a bug of Loopscope.
    Crashed,
    /// The run went on past the hard deadline and its engine was stopped.
    TimedOut,
    /// The run did not stop when asked and its engine was stopped.
    Unresponsive,
}

/// Why a source was refused before it ran.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Rejection {
    /// The parser's message (Python's own words, shown as they are).
    Syntax(String),
    /// Valid Python outside the supported subset.
    Unsupported(loopscope_py::Construct),
    /// The page's own guard refused it (too deeply nested or too complex).
    Guard(loopscope_py::SourceLimit),
}

/// One line of console output.
#[derive(Clone, Debug, PartialEq)]
pub struct ConsoleLine {
    /// Index of the event that printed the line's first character.
    pub event: usize,
    /// Its virtual time.
    pub t: f64,
    /// The task that printed it, if any.
    pub task: Option<TaskId>,
    /// The line, without its newline.
    pub text: String,
    /// Whether it went to stderr.
    pub stderr: bool,
}

/// What a timeline row shows over an interval.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Activity {
    /// Running on the loop (a task step) or running Python code (a thread).
    Running,
    /// Ready, but waiting for the loop to get to it.
    Ready,
    /// Awaiting a future, sleeping, or (threads) idle.
    Waiting,
    /// Holding the loop in a blocking call (or, threads, blocked in a call).
    Blocking,
    /// Waiting for the GIL.
    Gil,
    /// Finished normally.
    Done,
    /// Cancelled.
    Cancelled,
    /// Ended with an exception.
    Failed,
}

impl Activity {
    /// The CSS class of segments in this state.
    pub fn class(self) -> &'static str {
        match self {
            Activity::Running => "running",
            Activity::Ready => "ready",
            Activity::Waiting => "waiting",
            Activity::Blocking => "blocking",
            Activity::Gil => "gil",
            Activity::Done => "done",
            Activity::Cancelled => "cancelled",
            Activity::Failed => "failed",
        }
    }

    /// The legend's words for this state.
    pub fn label(self, lang: Lang) -> &'static str {
        let t = texts(lang);
        match self {
            Activity::Running => t.legend_running,
            Activity::Ready => t.legend_ready,
            Activity::Waiting => t.legend_waiting,
            Activity::Blocking => t.legend_blocking,
            Activity::Gil => t.legend_gil,
            Activity::Done => t.legend_done,
            Activity::Cancelled => t.legend_cancelled,
            Activity::Failed => t.legend_failed,
        }
    }

    /// The band of a row this state fills, as (top, height) fractions, so
    /// that states differ by shape as well as colour (for colour-blind users).
    pub fn band(self) -> (f64, f64) {
        match self {
            Activity::Running | Activity::Blocking => (0.0, 1.0),
            Activity::Ready | Activity::Gil => (0.25, 0.5),
            Activity::Waiting => (0.42, 0.16),
            Activity::Done | Activity::Cancelled | Activity::Failed => (0.46, 0.08),
        }
    }

    /// How much a state tells when several share one unit of width:
    /// blocking the loop first, then failing, running, and the rest.
    pub fn weight(self) -> u8 {
        match self {
            Activity::Blocking => 7,
            Activity::Failed => 6,
            Activity::Running => 5,
            Activity::Gil => 4,
            Activity::Ready => 3,
            Activity::Cancelled => 2,
            Activity::Done => 1,
            Activity::Waiting => 0,
        }
    }

    /// Every state, in legend order.
    pub const ALL: [Activity; 8] = [
        Activity::Running,
        Activity::Ready,
        Activity::Waiting,
        Activity::Blocking,
        Activity::Gil,
        Activity::Done,
        Activity::Cancelled,
        Activity::Failed,
    ];
}

/// A stretch of one state on a timeline row; it lasts until the next segment starts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Segment {
    /// Virtual start time.
    pub t: f64,
    /// Index of the event that started it.
    pub event: usize,
    /// The state.
    pub activity: Activity,
}

/// Something worth a marker on a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkerKind {
    /// A print.
    Print,
    /// The row's future (task) or a future it resolved.
    Resolved,
}

/// A marker on a timeline row.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Marker {
    /// Virtual time.
    pub t: f64,
    /// The event it marks.
    pub event: usize,
    /// What it marks.
    pub kind: MarkerKind,
}

/// Who a timeline row is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum RowKey {
    /// A thread (the loop thread first).
    Thread(ThreadId),
    /// A task.
    Task(TaskId),
}

/// What a timeline row is called; worded in the page's language when drawn.
#[derive(Clone, Debug, PartialEq)]
pub enum RowLabel {
    /// The main thread, which runs the loop.
    Main,
    /// A worker thread of an executor, by name.
    Worker(String),
    /// A worker process, by name.
    Process(String),
    /// A plain `threading.Thread`, by name.
    Thread(String),
    /// A task: its name and its coroutine.
    Task(String, String),
    /// asyncio.run's own shutdown tasks, folded into one row.
    Shutdown,
}

impl RowLabel {
    /// The label in `lang`: `Task-2 · func1`, `MainThread (runs the loop)`.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            RowLabel::Main => texts(lang).main_thread_row.to_string(),
            RowLabel::Worker(name) => say(lang, &Phrase::WorkerRow(name.clone())),
            RowLabel::Process(name) => say(lang, &Phrase::ProcessRow(name.clone())),
            RowLabel::Thread(name) => say(lang, &Phrase::ThreadRow(name.clone())),
            RowLabel::Task(name, coro) => format!("{name} · {coro}"),
            RowLabel::Shutdown => texts(lang).shutdown_row.to_string(),
        }
    }
}

/// One timeline row.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Who it is about.
    pub key: RowKey,
    /// What it is called.
    pub label: RowLabel,
    /// Colour index into the task palette (threads use their own).
    pub colour: usize,
    /// Its segments, in time order.
    pub segments: Vec<Segment>,
    /// Its markers, in time order.
    pub markers: Vec<Marker>,
}

/// How the loop thread spent the run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    /// Virtual time at the end.
    pub total: f64,
    /// Seconds the loop thread was held by blocking calls while the loop ran.
    pub blocked: f64,
    /// Seconds the loop waited in `select` for timers or threads.
    pub idle: f64,
    /// Seconds the loop spent running Python code (only with a finite CPU speed).
    pub running: f64,
    /// Labels of the blocking calls, most time first (`time.sleep(1)`; empty
    /// for a blocking wait on a future, which the page words per language).
    pub blocked_by: Vec<String>,
    /// How many blocking calls held the loop thread (a label may repeat).
    pub blocked_calls: usize,
    /// What the loop waited for while idle, in the order it first did.
    pub waited_for: Vec<Wait>,
}

/// What woke the loop from an idle wait in `select()`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Wait {
    /// The timer of a `sleep()` in a task running this coroutine.
    Sleep(String),
    /// Another timer: a timeout, `call_later`, `call_at`.
    Timer,
    /// A thread or a process finishing work (executors, `to_thread`).
    Thread,
}

/// A finished run and its derived data.
#[derive(Clone, Debug)]
pub struct Run {
    /// The trace.
    pub trace: Trace,
    /// How it ended.
    pub ending: Ending,
    /// Console lines in order.
    pub console: Vec<ConsoleLine>,
    /// Timeline rows: threads first, then tasks in creation order.
    pub rows: Vec<Row>,
    /// The same rows with asyncio.run's shutdown tasks folded into one.
    pub folded_rows: Vec<Row>,
    /// Where asyncio.run runs its own machinery, to fold.
    pub machinery: Vec<Machinery>,
    /// Loop time split.
    pub summary: Summary,
    /// For each event, how many events share its instant.
    pub burst: Vec<u32>,
    /// The most events at one instant (the largest of `burst`), which
    /// decides the timeline's axis at every render.
    pub busiest: usize,
    /// How much of the full lingering on same-instant events playback
    /// keeps (1.0 for a few bursts; less when there are hundreds of them, so
    /// that a run never plays for much longer than its virtual time).
    pub dwell_scale: f64,
    /// Each task's source line over time: (event index, line) where it changes.
    pub task_lines: BTreeMap<TaskId, Vec<(usize, u32)>>,
    /// The task each task-future belongs to.
    pub fut_task: HashMap<FutureId, TaskId>,
    /// The first task that awaited each future.
    pub awaited_by: HashMap<FutureId, TaskId>,
    /// What each handle runs.
    pub handle_kinds: HashMap<HandleId, HandleKind>,
    /// Blocking calls per thread: (event index, label), in order.
    pub blocks: HashMap<ThreadId, Vec<(usize, Sym)>>,
    /// The function each executor job runs, by job index.
    pub job_names: HashMap<u32, String>,
    /// Whether the program started a thread, an executor worker or a
    /// process (the page then offers the GIL switch).
    pub started_threads: bool,
    /// Whether any thread waited for a GIL (never in a free-threaded run, nor
    /// when code is free): the timeline's legend explains that colour only then.
    pub gil_waits: bool,
    /// What each combinator's future waits on (the await tree's edges below a future).
    pub below: HashMap<FutureId, Vec<loopscope_sim::Below>>,
    /// The futures awaited by a task that are not a task's own future:
    /// those the diagram's futures row may show.  A set of bits, so that the
    /// ones pending at a moment are found without hashing every pending
    /// future of a run with thousands of tasks ([`Run::plain_pending`]).
    pub awaited_futures: FutureSet,
    /// Each sleep's future with its timer's key in `State::timers` (the
    /// deadline's bits and the handle), to tell whether the sleep's timer is
    /// set at a moment without walking every timer.
    pub sleep_timers: HashMap<FutureId, (u64, HandleId)>,
    /// The sliders of the run's source (found by the engine, which parses
    /// the source; the page's thread never does).
    pub sliders: Rc<Vec<crate::model::sliders::Slider>>,
    /// How many tasks the run creates, all of them and without asyncio.run's
    /// machinery: the most the diagram ever holds (tasks are never removed
    /// from it), which fixes its height for the whole run.
    pub tasks_made: (usize, usize),
    /// How many threads besides the main thread the run starts (the
    /// diagram's thread rows, also never removed).
    pub workers_made: usize,
}

/// Runs compare by identity: two runs are "the same" for the views only when
/// they are the same object, which is what re-render checks need and costs
/// nothing (the reducer replaces the run whenever it re-executes).
impl PartialEq for Run {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

/// Number of colours in the task palette (see `style.css`, `--task-N`).
pub const PALETTE: usize = 8;

impl Run {
    /// Derives everything from a recorded trace.
    pub fn new(trace: Trace, ending: Ending) -> Run {
        let console = console_lines(&trace);
        let rows = timeline_rows(&trace);
        let machinery = machinery(&trace);
        let folded_rows = fold_rows(&rows, &machinery);
        let summary = summarise(&trace);
        let burst = bursts(&trace.events);
        let busiest = burst.iter().copied().max().unwrap_or(0) as usize;
        let dwell_scale = dwell_scale(&burst, summarise_total(&trace));
        let task_lines = task_lines(&trace.events);
        let mut fut_task = HashMap::default();
        let mut awaited_by = HashMap::default();
        let mut handle_kinds = HashMap::default();
        let mut sleep_timers = HashMap::default();
        let mut blocks: HashMap<ThreadId, Vec<(usize, Sym)>> = HashMap::default();
        let mut job_names = HashMap::default();
        let mut started_threads = false;
        let mut gil_waits = false;
        let mut workers = std::collections::BTreeSet::new();
        for (i, ev) in trace.events.iter().enumerate() {
            match ev.kind {
                EventKind::ThreadStarted { thread, kind, .. } => {
                    started_threads |= kind != ThreadKind::Main;
                    if thread != ThreadId(0) {
                        workers.insert(thread);
                    }
                }
                EventKind::GilWait => gil_waits = true,
                EventKind::TaskCreated { task, fut, .. } => {
                    fut_task.insert(fut, task);
                }
                EventKind::StepEnd {
                    end: StepEnd::Await(fut),
                } => {
                    if let Some(task) = ev.task {
                        awaited_by.entry(fut).or_insert(task);
                    }
                }
                EventKind::HandleQueued { handle, kind } => {
                    handle_kinds.insert(handle, kind);
                }
                EventKind::TimerSet { handle, kind, when } => {
                    handle_kinds.insert(handle, kind);
                    if let HandleKind::SleepTimer(fut) = kind {
                        sleep_timers.insert(fut, (when.to_bits(), handle));
                    }
                }
                EventKind::BlockBegin { label, .. } => {
                    blocks.entry(ev.thread).or_default().push((i, label))
                }
                EventKind::JobQueued { job, name, .. } => {
                    job_names.insert(job.0, trace.str(name).to_string());
                }
                _ => {}
            }
        }
        let mut below: HashMap<FutureId, Vec<loopscope_sim::Below>> = HashMap::default();
        for link in &trace.links {
            below.entry(link.fut).or_default().push(link.on);
        }
        let awaited_futures: FutureSet = awaited_by
            .keys()
            .filter(|f| !fut_task.contains_key(f))
            .copied()
            .collect();
        let machinery_tasks: usize = machinery.iter().map(|m| m.tasks.len()).sum();
        let tasks_made = (
            fut_task.len(),
            fut_task.len().saturating_sub(machinery_tasks),
        );
        Run {
            tasks_made,
            workers_made: workers.len(),
            below,
            awaited_futures,
            sleep_timers,
            fut_task,
            awaited_by,
            handle_kinds,
            blocks,
            job_names,
            started_threads,
            gil_waits,
            trace,
            ending,
            console,
            rows,
            folded_rows,
            machinery,
            summary,
            burst,
            busiest,
            dwell_scale,
            task_lines,
            sliders: Rc::default(),
        }
    }

    /// The timeline's rows, with asyncio.run's machinery folded or not.
    pub fn rows(&self, fold: bool) -> &[Row] {
        if fold {
            &self.folded_rows
        } else {
            &self.rows
        }
    }

    /// The folded stretch that holds event `index`, if any.
    pub fn machinery_at(&self, index: usize) -> Option<&Machinery> {
        let k = self.machinery.partition_point(|m| m.last < index);
        self.machinery.get(k).filter(|m| m.first <= index)
    }

    /// When the timer of `fut`'s sleep is due, if `fut` is a sleep's future
    /// and its timer is set in `state` (its chip then stands for the future).
    pub fn sleep_until(&self, state: &loopscope_sim::State, fut: FutureId) -> Option<f64> {
        let key = self.sleep_timers.get(&fut)?;
        state
            .timers
            .contains_key(key)
            .then(|| f64::from_bits(key.0))
    }

    /// The futures of sleeps whose timer is set in `state`: the timer's
    /// chip stands for such a future, so the futures row leaves it out.
    /// Walking the timers once costs less than asking [`Run::sleep_until`]
    /// of every pending future when thousands of tasks sleep.
    pub fn sleeping(state: &loopscope_sim::State) -> FutureSet {
        state
            .timers
            .values()
            .filter_map(|kind| match kind {
                HandleKind::SleepTimer(f) => Some(*f),
                _ => None,
            })
            .collect()
    }

    /// Whether the futures row shows `fut` (pending or done), given the
    /// moment's [`Run::sleeping`]: awaited by a task, not a task's own
    /// future, and not a sleep its timer stands for.
    pub fn is_plain(&self, fut: FutureId, sleeping: &FutureSet) -> bool {
        self.awaited_futures.contains(fut) && !sleeping.contains(fut)
    }

    /// The futures pending in `state` that the futures row shows
    /// ([`Run::is_plain`]), in order.
    pub fn plain_pending(
        &self,
        state: &loopscope_sim::State,
        sleeping: &FutureSet,
    ) -> Vec<FutureId> {
        state
            .pending
            .keys()
            .filter(|f| self.is_plain(**f, sleeping))
            .copied()
            .collect()
    }

    /// The most tasks the diagram draws over the run (see [`Run::tasks_made`]).
    pub fn most_tasks(&self, fold: bool) -> usize {
        if fold {
            self.tasks_made.1
        } else {
            self.tasks_made.0
        }
    }

    /// Whether `task` is one of asyncio.run's own shutdown tasks.
    pub fn is_machinery(&self, task: TaskId) -> bool {
        self.machinery.iter().any(|m| m.tasks.contains(&task))
    }

    /// Number of events.
    pub fn len(&self) -> usize {
        self.trace.events.len()
    }

    /// Whether the run recorded no events at all (a rejected program).
    pub fn is_empty(&self) -> bool {
        self.trace.events.is_empty()
    }

    /// Virtual time after the first `cursor` events (0 before any).
    pub fn time_at(&self, cursor: usize) -> f64 {
        cursor
            .checked_sub(1)
            .and_then(|i| self.trace.events.get(i))
            .map(|e| e.t)
            .unwrap_or(0.0)
    }

    /// The largest cursor whose time is at most `t` (all events at `t` applied).
    pub fn cursor_at_time(&self, t: f64) -> usize {
        self.trace.events.partition_point(|e| e.t <= t)
    }

    /// The line each task is at after `cursor` events, for the editor's markers.
    pub fn lines_at(&self, cursor: usize) -> Vec<(TaskId, u32)> {
        self.task_lines
            .iter()
            .filter_map(|(task, changes)| {
                let pos = changes.partition_point(|(i, _)| *i < cursor);
                pos.checked_sub(1).map(|p| (*task, changes[p].1))
            })
            .filter(|(_, line)| *line > 0)
            .collect()
    }

    /// The task that awaited `fut`, if any did.
    pub fn waiter_of(&self, fut: FutureId) -> Option<TaskId> {
        self.awaited_by.get(&fut).copied()
    }

    /// The label of the loop thread's latest blocking call before event `cursor`.
    pub fn block_label_at(&self, cursor: usize) -> String {
        self.thread_block_label(ThreadId(0), cursor)
    }

    /// The label of `thread`'s latest blocking call before event `cursor` (`time.sleep(1)`).
    pub fn thread_block_label(&self, thread: ThreadId, cursor: usize) -> String {
        let blocks = self.blocks.get(&thread).map(Vec::as_slice).unwrap_or(&[]);
        let pos = blocks.partition_point(|(i, _)| *i < cursor);
        pos.checked_sub(1)
            .map(|p| self.trace.str(blocks[p].1).to_string())
            .unwrap_or_else(|| "a blocking call".to_string())
    }

    /// Number of console lines printed within the first `cursor` events.
    pub fn console_len_at(&self, cursor: usize) -> usize {
        self.console.partition_point(|l| l.event < cursor)
    }
}

/// A stretch of events in which `asyncio.run` runs its own machinery after
/// the main task: `loop.shutdown_asyncgens()` and
/// `loop.shutdown_default_executor()`, each a task of its own that the loop
/// runs until it completes.  CPython really does this, so the trace keeps
/// it, but it is not what a program is about: the page folds it into one
/// row and one step unless the reader unfolds it.
#[derive(Clone, Debug, PartialEq)]
pub struct Machinery {
    /// Index of its first event (the first shutdown task's future is made).
    pub first: usize,
    /// Index of its last event (the loop stops after the last shutdown task).
    pub last: usize,
    /// The shutdown tasks, in creation order.
    pub tasks: Vec<TaskId>,
}

/// The method a coroutine name ends with (`BaseEventLoop.shutdown_asyncgens`
/// and `shutdown_asyncgens` both give `shutdown_asyncgens`).
fn method(name: &str) -> &str {
    name.rsplit('.').next().unwrap_or(name)
}

/// Whether a coroutine name is one of asyncio.run's shutdown coroutines.
fn is_shutdown_coro(name: &str) -> bool {
    matches!(
        method(name),
        "shutdown_asyncgens" | "shutdown_default_executor"
    )
}

/// The stretches of `trace` where asyncio.run shuts down, from the creation
/// of `shutdown_asyncgens()`'s task to the loop's stop after
/// `shutdown_default_executor()`.  A stretch in which the program's own
/// code runs (an async generator's `finally` closed by
/// `shutdown_asyncgens()`, or anything that prints) is not machinery and
/// stays unfolded, so folding never hides what the program did.
pub fn machinery(trace: &Trace) -> Vec<Machinery> {
    let events = &trace.events;
    let mut out = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let EventKind::TaskCreated { coro, .. } = events[i].kind else {
            i += 1;
            continue;
        };
        // The runner makes the task from outside any task, right after the
        // loop stopped for the main task (the task's future comes first).
        let first = match i.checked_sub(1).map(|p| events[p].kind) {
            Some(EventKind::FutureCreated { .. }) => i - 1,
            _ => i,
        };
        let after_stop = first
            .checked_sub(1)
            .is_some_and(|p| matches!(events[p].kind, EventKind::LoopStop));
        if method(trace.str(coro)) != "shutdown_asyncgens"
            || events[i].task.is_some()
            || !after_stop
        {
            i += 1;
            continue;
        }
        // Up to the loop's stop after the last shutdown task it makes.
        let mut tasks = Vec::new();
        let mut last = None;
        let mut own_code = false;
        for (j, ev) in events.iter().enumerate().skip(first) {
            match ev.kind {
                EventKind::TaskCreated { task, coro, .. } if is_shutdown_coro(trace.str(coro)) => {
                    tasks.push(task)
                }
                EventKind::TaskCreated { .. } | EventKind::Print { .. } => own_code = true,
                EventKind::StepBegin => {
                    own_code |= ev.task.is_some_and(|t| !tasks.contains(&t));
                }
                EventKind::LoopStop if tasks.len() >= 2 => {
                    last = Some(j);
                    break;
                }
                EventKind::LoopClose | EventKind::ProgramEnd => break,
                _ => {}
            }
        }
        match last {
            Some(last) if !own_code => {
                out.push(Machinery { first, last, tasks });
                i = last + 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// `rows` with each stretch's shutdown tasks in one row, where the first
/// of them was: its segments and markers are theirs, one after the other.
fn fold_rows(rows: &[Row], machinery: &[Machinery]) -> Vec<Row> {
    let mut out: Vec<Row> = Vec::with_capacity(rows.len());
    for row in rows {
        let RowKey::Task(task) = row.key else {
            out.push(row.clone());
            continue;
        };
        let Some(m) = machinery.iter().find(|m| m.tasks.contains(&task)) else {
            out.push(row.clone());
            continue;
        };
        if m.tasks.first() == Some(&task) {
            out.push(Row {
                key: row.key,
                label: RowLabel::Shutdown,
                colour: row.colour,
                segments: row.segments.clone(),
                markers: row.markers.clone(),
            });
            continue;
        }
        // A later shutdown task takes over the folded row from its first event.
        let Some(folded) = out.iter_mut().rev().find(|r| r.label == RowLabel::Shutdown) else {
            out.push(row.clone());
            continue;
        };
        let from = row.segments.first().map(|s| s.event).unwrap_or(usize::MAX);
        folded.segments.retain(|s| s.event < from);
        folded.segments.extend(row.segments.iter().copied());
        folded.markers.extend(row.markers.iter().copied());
    }
    out
}

/// Colour index of a task: tasks are coloured in creation order.
pub fn task_colour(task: TaskId) -> usize {
    task.0 as usize % PALETTE
}

fn console_lines(trace: &Trace) -> Vec<ConsoleLine> {
    let mut lines: Vec<ConsoleLine> = Vec::new();
    // An unfinished line per stream: `print(..., end="")` continues it.
    let mut open: [Option<usize>; 2] = [None, None];
    for (i, ev) in trace.events.iter().enumerate() {
        let EventKind::Print { text, stderr } = ev.kind else {
            continue;
        };
        let stream = usize::from(stderr);
        let text = trace.str(text);
        let mut parts = text.split('\n').peekable();
        while let Some(part) = parts.next() {
            let last = parts.peek().is_none();
            if last && part.is_empty() {
                break;
            }
            match open[stream] {
                Some(l) => lines[l].text.push_str(part),
                None => lines.push(ConsoleLine {
                    event: i,
                    t: ev.t,
                    task: ev.task,
                    text: part.to_string(),
                    stderr,
                }),
            }
            open[stream] = if last { Some(lines.len() - 1) } else { None };
        }
        if text.ends_with('\n') {
            open[stream] = None;
        }
    }
    lines
}

fn push_segment(row: &mut Row, t: f64, event: usize, activity: Activity) {
    if row.segments.last().map(|s| s.activity) != Some(activity) {
        row.segments.push(Segment { t, event, activity });
    }
}

fn timeline_rows(trace: &Trace) -> Vec<Row> {
    let mut threads: BTreeMap<ThreadId, Row> = BTreeMap::new();
    // Task ids are dense from 0: a row per id, found by indexing (a map's
    // lookup on every one of a quarter of a million events was a third of
    // this pass).
    let mut tasks: Vec<Option<Row>> = Vec::new();
    let mut task_of_fut = HashMap::default();
    let mut workers = 0;
    // Whether an event loop runs on the main thread: only then does its
    // blocking call block anything else.
    let mut loop_on = false;
    for (i, ev) in trace.events.iter().enumerate() {
        match ev.kind {
            EventKind::LoopStart => loop_on = true,
            EventKind::LoopStop | EventKind::LoopClose => loop_on = false,
            _ => {}
        }
        let t = ev.t;
        match ev.kind {
            EventKind::ProgramStart => {
                threads.entry(ev.thread).or_insert_with(|| Row {
                    key: RowKey::Thread(ev.thread),
                    label: RowLabel::Main,
                    colour: 0,
                    segments: vec![Segment {
                        t,
                        event: i,
                        activity: Activity::Running,
                    }],
                    markers: Vec::new(),
                });
            }
            EventKind::ThreadStarted {
                kind: ThreadKind::Main,
                ..
            } => {}
            EventKind::ThreadStarted { thread, kind, name } => {
                workers += 1;
                let name = match trace.str(name) {
                    "" => format!("#{workers}"),
                    name => name.to_string(),
                };
                let label = match kind {
                    ThreadKind::Worker => RowLabel::Worker(name),
                    ThreadKind::Process => RowLabel::Process(name),
                    ThreadKind::Main | ThreadKind::Plain => RowLabel::Thread(name),
                };
                threads.insert(
                    thread,
                    Row {
                        key: RowKey::Thread(thread),
                        label,
                        colour: workers % PALETTE,
                        segments: vec![Segment {
                            t,
                            event: i,
                            activity: Activity::Waiting,
                        }],
                        markers: Vec::new(),
                    },
                );
            }
            EventKind::TaskCreated {
                task,
                fut,
                name,
                coro,
            } => {
                task_of_fut.insert(fut, task);
                let at = task.0 as usize;
                // The model numbers tasks in the order they are created, one
                // event each: an id past the events is not from the model.
                if at >= trace.events.len() {
                    continue;
                }
                if tasks.len() <= at {
                    tasks.resize_with(at + 1, || None);
                }
                tasks[at] = Some(Row {
                    key: RowKey::Task(task),
                    label: RowLabel::Task(trace.str(name).to_string(), trace.str(coro).to_string()),
                    colour: task_colour(task),
                    segments: vec![Segment {
                        t,
                        event: i,
                        activity: Activity::Ready,
                    }],
                    markers: Vec::new(),
                });
            }
            EventKind::TaskRenamed { task, name } => {
                if let Some(row) = task_row(&mut tasks, task) {
                    if let RowLabel::Task(old, _) = &mut row.label {
                        *old = trace.str(name).to_string();
                    }
                }
            }
            EventKind::HandleQueued {
                kind: HandleKind::Step(task) | HandleKind::Wakeup(task),
                ..
            } => {
                if let Some(row) = task_row(&mut tasks, task) {
                    push_segment(row, t, i, Activity::Ready);
                }
            }
            EventKind::StepBegin => {
                if let Some(row) = ev.task.and_then(|task| task_row(&mut tasks, task)) {
                    push_segment(row, t, i, Activity::Running);
                }
            }
            EventKind::StepEnd { end } => {
                if let Some(row) = ev.task.and_then(|task| task_row(&mut tasks, task)) {
                    match end {
                        StepEnd::Await(_) => push_segment(row, t, i, Activity::Waiting),
                        StepEnd::Yield => push_segment(row, t, i, Activity::Ready),
                        _ => {}
                    }
                }
            }
            EventKind::FutureDone { fut, how, .. } => {
                if let Some(row) = task_of_fut
                    .get(&fut)
                    .and_then(|task| task_row(&mut tasks, *task))
                {
                    let activity = match how {
                        Resolution::Result => Activity::Done,
                        Resolution::Exception => Activity::Failed,
                        Resolution::Cancelled => Activity::Cancelled,
                    };
                    push_segment(row, t, i, activity);
                    row.markers.push(Marker {
                        t,
                        event: i,
                        kind: MarkerKind::Resolved,
                    });
                }
            }
            EventKind::BlockBegin { .. } | EventKind::BlockOnBegin { .. } => {
                // Only the loop thread's blocking calls block anything else;
                // a worker in time.sleep, or the main thread with no loop
                // running, is simply waiting.
                let activity = if ev.thread == ThreadId(0) && loop_on {
                    Activity::Blocking
                } else {
                    Activity::Waiting
                };
                if let Some(row) = threads.get_mut(&ev.thread) {
                    push_segment(row, t, i, activity);
                }
                if ev.thread == ThreadId(0) {
                    if let Some(row) = ev.task.and_then(|task| task_row(&mut tasks, task)) {
                        push_segment(row, t, i, Activity::Blocking);
                    }
                }
            }
            EventKind::BlockEnd | EventKind::GilAcquired | EventKind::JobStarted { .. } => {
                if let Some(row) = threads.get_mut(&ev.thread) {
                    push_segment(row, t, i, Activity::Running);
                }
                if ev.thread == ThreadId(0) {
                    if let Some(row) = ev.task.and_then(|task| task_row(&mut tasks, task)) {
                        push_segment(row, t, i, Activity::Running);
                    }
                }
            }
            EventKind::ComputeBegin { .. } => {
                if let Some(row) = threads.get_mut(&ev.thread) {
                    push_segment(row, t, i, Activity::Running);
                }
            }
            EventKind::GilWait => {
                if let Some(row) = threads.get_mut(&ev.thread) {
                    push_segment(row, t, i, Activity::Gil);
                }
            }
            EventKind::JobFinished { .. } | EventKind::LoopIdle => {
                if let Some(row) = threads.get_mut(&ev.thread) {
                    push_segment(row, t, i, Activity::Waiting);
                }
            }
            EventKind::HandleRun { .. } | EventKind::Iteration { .. } => {
                if let Some(row) = threads.get_mut(&ev.thread) {
                    push_segment(row, t, i, Activity::Running);
                }
            }
            EventKind::ThreadEnded { thread } => {
                if let Some(row) = threads.get_mut(&thread) {
                    push_segment(row, t, i, Activity::Done);
                }
            }
            EventKind::ProgramEnd => {
                if let Some(row) = threads.get_mut(&ev.thread) {
                    push_segment(row, t, i, Activity::Done);
                }
            }
            EventKind::Print { .. } => {
                let row = match ev.task {
                    Some(task) if ev.thread == ThreadId(0) => task_row(&mut tasks, task),
                    _ => threads.get_mut(&ev.thread),
                };
                if let Some(row) = row {
                    row.markers.push(Marker {
                        t,
                        event: i,
                        kind: MarkerKind::Print,
                    });
                }
            }
            _ => {}
        }
    }
    threads
        .into_values()
        .chain(tasks.into_iter().flatten())
        .collect()
}

/// The row of `task` among rows indexed by task id.
fn task_row(rows: &mut [Option<Row>], task: TaskId) -> Option<&mut Row> {
    rows.get_mut(task.0 as usize).and_then(Option::as_mut)
}

/// How the loop spent a run's time, from its trace (also what a sweep keeps of each run).
pub fn summarise(trace: &Trace) -> Summary {
    let mut summary = Summary::default();
    let mut loop_running = false;
    let mut block_start: Option<(f64, String)> = None;
    let mut blocked_by: BTreeMap<String, f64> = BTreeMap::new();
    let mut compute_start: Option<f64> = None;
    // What each idle wait was for: the wait that just ended, until the
    // event that ended it says what woke the loop.
    let mut coros: HashMap<TaskId, Sym> = HashMap::default();
    let mut timers: HashMap<HandleId, Wait> = HashMap::default();
    let mut waited: Vec<(Wait, f64)> = Vec::new();
    let mut woken: Option<f64> = None;
    for ev in &trace.events {
        summary.total = summary.total.max(ev.t);
        if let Some(idle) = woken.take() {
            let cause = match ev.kind {
                EventKind::TimerFired { handle, .. } => {
                    timers.get(&handle).cloned().unwrap_or(Wait::Timer)
                }
                _ => Wait::Thread,
            };
            match waited.iter_mut().find(|(w, _)| *w == cause) {
                Some((_, d)) => *d += idle,
                None => waited.push((cause, idle)),
            }
        }
        match ev.kind {
            EventKind::LoopStart => loop_running = true,
            EventKind::LoopClose => loop_running = false,
            EventKind::TaskCreated { task, coro, .. } => {
                coros.insert(task, coro);
            }
            EventKind::TimerSet { handle, kind, .. } => {
                let sleeper = ev.task.and_then(|t| coros.get(&t));
                let wait = match (kind, sleeper) {
                    (HandleKind::SleepTimer(_), Some(coro)) => {
                        Wait::Sleep(trace.str(*coro).to_string())
                    }
                    _ => Wait::Timer,
                };
                timers.insert(handle, wait);
            }
            // Time that passes while the loop's own thread computes is
            // running Python code (below), not idle.
            EventKind::ClockJump { from }
                if loop_running && block_start.is_none() && compute_start.is_none() =>
            {
                summary.idle += ev.t - from;
                woken = Some(ev.t - from);
            }
            EventKind::BlockBegin { label, .. } if ev.thread == ThreadId(0) && loop_running => {
                block_start = Some((ev.t, trace.str(label).to_string()));
            }
            EventKind::BlockOnBegin { .. } if ev.thread == ThreadId(0) && loop_running => {
                block_start = Some((ev.t, String::new()));
            }
            EventKind::BlockEnd if ev.thread == ThreadId(0) => {
                if let Some((start, label)) = block_start.take() {
                    summary.blocked += ev.t - start;
                    if ev.t > start {
                        summary.blocked_calls += 1;
                    }
                    *blocked_by.entry(label).or_default() += ev.t - start;
                }
            }
            EventKind::ComputeBegin { .. } if ev.thread == ThreadId(0) && loop_running => {
                compute_start = Some(ev.t);
            }
            EventKind::ComputeEnd if ev.thread == ThreadId(0) => {
                if let Some(start) = compute_start.take() {
                    summary.running += ev.t - start;
                }
            }
            _ => {}
        }
    }
    let mut by: Vec<(String, f64)> = blocked_by.into_iter().filter(|(_, d)| *d > 0.0).collect();
    by.sort_by(|a, b| b.1.total_cmp(&a.1));
    summary.blocked_by = by.into_iter().map(|(label, _)| label).collect();
    // In the order the loop first waited for them, which is the order a
    // reader meets them in the program (the producer sleeps, then the consumer).
    summary.waited_for = waited
        .into_iter()
        .filter(|(_, d)| *d > 0.0)
        .map(|(w, _)| w)
        .collect();
    summary
}

/// Real seconds playback lingers on one event of a burst of `burst` events
/// at one instant, at 1× and before [`Run::dwell_scale`].
pub fn dwell(burst: u32) -> f64 {
    const DWELL: f64 = 0.12;
    const BURST_MAX: f64 = 1.5;
    DWELL.min(BURST_MAX / f64::from(burst.max(1)))
}

fn summarise_total(trace: &Trace) -> f64 {
    trace.events.last().map(|e| e.t).unwrap_or(0.0)
}

/// The lingering budget: all bursts together may add at most the larger of
/// three seconds and twice the run's virtual time.
fn dwell_scale(burst: &[u32], total: f64) -> f64 {
    let full: f64 = burst.iter().map(|b| dwell(*b)).sum();
    let budget = (2.0 * total).max(3.0);
    if full > budget {
        budget / full
    } else {
        1.0
    }
}

fn bursts(events: &[Event]) -> Vec<u32> {
    let mut size = vec![0u32; events.len()];
    let mut start = 0;
    for i in 1..=events.len() {
        if i == events.len() || events[i].t != events[start].t {
            let n = (i - start) as u32;
            size[start..i].fill(n);
            start = i;
        }
    }
    size
}

fn task_lines(events: &[Event]) -> BTreeMap<TaskId, Vec<(usize, u32)>> {
    // Gathered by task id (dense from 0, as in `timeline_rows`), then keyed.
    let mut by_id: Vec<Vec<(usize, u32)>> = Vec::new();
    for (i, ev) in events.iter().enumerate() {
        let Some(task) = ev.task else { continue };
        if ev.thread != ThreadId(0) || ev.span.line == 0 || task.0 as usize >= events.len() {
            continue;
        }
        let at = task.0 as usize;
        if by_id.len() <= at {
            by_id.resize_with(at + 1, Vec::new);
        }
        let changes = &mut by_id[at];
        if changes.last().map(|c| c.1) != Some(ev.span.line) {
            changes.push((i, ev.span.line));
        }
    }
    let mut lines: BTreeMap<TaskId, Vec<(usize, u32)>> = by_id
        .into_iter()
        .enumerate()
        .filter(|(_, changes)| !changes.is_empty())
        .map(|(id, changes)| (TaskId(id as u32), changes))
        .collect();
    // A task that finished has no current line any more.
    for (i, ev) in events.iter().enumerate() {
        if let EventKind::StepEnd {
            end: StepEnd::Returned | StepEnd::Raised | StepEnd::Cancelled,
        } = ev.kind
        {
            if let Some(changes) = ev.task.and_then(|t| lines.get_mut(&t)) {
                let at = changes.partition_point(|(j, _)| *j <= i);
                changes.insert(at, (i + 1, 0));
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_of(source: &str) -> Run {
        crate::model::engine::execute(source, None)
    }

    /// The loop is idle, blocked or running Python code, one at a time: the
    /// summary's parts never add up to more than the run, on any preset and
    /// machine (the loop thread's own CPU work was once counted as idle too).
    #[test]
    fn the_summarys_parts_fit_in_the_run() {
        use crate::model::engine::{execute_on, Machine};
        for preset in crate::model::presets::PRESETS.iter() {
            for (gil, cores) in [(true, 4), (false, 4), (false, 2), (true, 1)] {
                let machine = Machine {
                    gil,
                    cores,
                    ..Machine::with_cpu(preset.cpu_speed.or(Some(1e5)))
                };
                let s = execute_on(preset.source, machine).summary;
                assert!(
                    s.idle + s.blocked + s.running <= s.total + 1e-9,
                    "{} {machine:?}: idle {} + blocked {} + running {} > total {}",
                    preset.id,
                    s.idle,
                    s.blocked,
                    s.running,
                    s.total
                );
            }
        }
    }

    /// The main thread's blocking calls are drawn as blocking the loop only
    /// while a loop runs on it; outside a loop it waits like any thread.
    #[test]
    fn the_main_thread_blocks_the_loop_only_while_one_runs() {
        let source = "import asyncio, threading, time\n\nev = threading.Event()\nthreading.Timer(0.5, ev.set).start()\nev.wait()\n\nasync def main():\n    time.sleep(0.25)\n\nasyncio.run(main())\ntime.sleep(0.125)\n";
        let run = crate::model::engine::execute(source, None);
        let main = run
            .rows
            .iter()
            .find(|r| r.key == RowKey::Thread(ThreadId(0)))
            .expect("a row for the main thread");
        let at = |t: f64| {
            main.segments
                .iter()
                .rev()
                .find(|s| s.t <= t)
                .map(|s| s.activity)
        };
        assert_eq!(at(0.25), Some(Activity::Waiting), "{:?}", main.segments);
        assert_eq!(at(0.6), Some(Activity::Blocking), "{:?}", main.segments);
        assert_eq!(at(0.8), Some(Activity::Waiting), "{:?}", main.segments);
    }

    #[test]
    fn asyncio_runs_shutdown_is_one_stretch_and_one_row() {
        for preset in crate::model::presets::PRESETS.iter() {
            let run = crate::model::engine::execute(preset.source, preset.cpu_speed);
            assert_eq!(run.machinery.len(), 1, "{}", preset.id);
            let m = &run.machinery[0];
            assert_eq!(m.tasks.len(), 2, "{}", preset.id);
            let events = &run.trace.events;
            // From the first shutdown task's future to the loop's last stop,
            // and nothing of the program's own inside.
            assert!(matches!(
                events[m.first].kind,
                EventKind::FutureCreated { .. }
            ));
            assert!(matches!(events[m.first - 1].kind, EventKind::LoopStop));
            assert!(matches!(events[m.last].kind, EventKind::LoopStop));
            assert!(matches!(events[m.last + 1].kind, EventKind::LoopClose));
            assert!(events[m.first..=m.last]
                .iter()
                .all(|e| !matches!(e.kind, EventKind::Print { .. })));
            assert!(run.machinery_at(m.first - 1).is_none());
            assert_eq!(run.machinery_at(m.first), Some(m));
            assert_eq!(run.machinery_at(m.last), Some(m));
            assert!(run.machinery_at(m.last + 1).is_none());
            assert!(m.tasks.iter().all(|t| run.is_machinery(*t)));

            // The two tasks' rows are one row in their place, holding their
            // segments one after the other; every other row is unchanged.
            let folded = run.rows(true);
            assert_eq!(folded.len(), run.rows(false).len() - 1, "{}", preset.id);
            let shutdown: Vec<&Row> = folded
                .iter()
                .filter(|r| r.label == RowLabel::Shutdown)
                .collect();
            assert_eq!(shutdown.len(), 1);
            let row = shutdown[0];
            assert!(row.segments.windows(2).all(|w| w[0].event <= w[1].event));
            assert!(row
                .segments
                .iter()
                .all(|s| (m.first..=m.last).contains(&s.event)));
            assert_eq!(
                row.segments.last().map(|s| s.activity),
                Some(Activity::Done)
            );
            assert_eq!(row.label.text(Lang::En), "asyncio.run shuts down");
            let others = |rows: &[Row]| -> Vec<Row> {
                rows.iter()
                    .filter(|r| !matches!(r.key, RowKey::Task(t) if run.is_machinery(t)))
                    .filter(|r| r.label != RowLabel::Shutdown)
                    .cloned()
                    .collect()
            };
            assert_eq!(others(folded), others(run.rows(false)), "{}", preset.id);
        }
    }

    #[test]
    fn a_shutdown_that_runs_the_programs_code_is_not_folded() {
        // shutdown_asyncgens() closes the generator, whose finally prints.
        let run = run_of(
            "import asyncio\n\nasync def gen():\n    try:\n        yield 1\n        yield 2\n    finally:\n        print('closed')\n\nasync def main():\n    g = gen()\n    await g.__anext__()\n\nasyncio.run(main())\n",
        );
        assert_eq!(run.console.last().map(|l| l.text.as_str()), Some("closed"));
        let printed = run.console.last().map(|l| l.event).unwrap_or(0);
        assert!(run.machinery_at(printed).is_none(), "{:?}", run.machinery);
        // A program without asyncio.run has nothing to fold.
        assert!(run_of("print(1)\n").machinery.is_empty());
    }
}
