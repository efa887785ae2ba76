//! The visible state at one point of a trace, rebuilt from events by a pure fold.
//!
//! [`State::apply`] depends only on the event it is given and the state before
//! it, so the state at any index is a checkpoint plus a short replay (see
//! [`crate::Trace::state_at`]).

use crate::chunked::ChunkMap;
use crate::coro::{FutureId, TaskId, ThreadId};
use crate::trace::{
    Event, EventKind, HandleId, HandleKind, JobId, Resolution, StepEnd, Sym, ThreadKind,
};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// What the event loop is doing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub enum LoopStatus {
    /// No loop yet (module body) or after `asyncio.run` returned.
    #[default]
    NotRunning,
    /// Running handles.
    Running,
    /// Waiting in `select` for the next timer or a thread's completion.
    Idle,
    /// Held by a blocking call on the loop thread.
    Blocked,
}

/// A task as the diagram shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum TaskStatus {
    /// Its step or wake-up is in the ready deque.
    Ready,
    /// Its step is running on the loop.
    Running,
    /// Suspended on a future.
    Waiting,
    /// Returned.
    Done,
    /// Raised.
    Failed,
    /// Cancelled.
    Cancelled,
}

/// One task.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct TaskView {
    /// `Task-N` or the given name.
    pub name: Sym,
    /// The coroutine's name.
    pub coro: Sym,
    /// The task's future.
    pub fut: FutureId,
    /// Its status.
    pub status: TaskStatus,
    /// The future it awaits, when waiting.
    pub awaiting: Option<FutureId>,
}

/// What a thread is doing.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub enum ThreadStatus {
    /// Running Python code (or ready to).
    Running,
    /// Idle: a worker waiting for a job, or the loop thread in `select`.
    Idle,
    /// In a blocking call until this time.
    Blocked(f64),
    /// Waiting for a future.
    BlockedOn(FutureId),
    /// Doing CPU work.
    Computing,
    /// Waiting for the GIL.
    WaitingGil,
    /// Finished.
    Done,
}

/// One thread.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ThreadView {
    /// Kind.
    pub kind: ThreadKind,
    /// Name.
    pub name: Sym,
    /// Status.
    pub status: ThreadStatus,
    /// The executor job it runs.
    pub job: Option<JobId>,
}

/// A future's state as shown.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct FutureView {
    /// The future.
    pub fut: FutureId,
    /// What created it (`Queue.put()`), as code.
    pub label: Sym,
    /// `None` while pending.
    pub how: Option<Resolution>,
    /// Result or exception `repr` once done.
    pub value: Option<Sym>,
}

/// How many resolved futures the state remembers for display.
const RECENT: usize = 16;

/// The full visible state after some number of events.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct State {
    /// Number of events applied.
    pub index: usize,
    /// Virtual time.
    pub now: f64,
    /// The loop's status.
    pub loop_status: LoopStatus,
    /// The handle the loop is running.
    pub running: Option<HandleId>,
    /// What the running handle runs.
    pub running_kind: Option<HandleKind>,
    /// The ready deque, head first.
    pub ready: VecDeque<(HandleId, HandleKind)>,
    /// The timer heap in firing order: (deadline bits, handle) → what it runs.
    pub timers: ChunkMap<(u64, HandleId), HandleKind>,
    /// Cancelled handles still queued.
    pub cancelled: BTreeSet<HandleId>,
    /// Every task so far.
    pub tasks: ChunkMap<TaskId, TaskView>,
    /// Pending futures with their labels (what created them, `Queue.put()`).
    pub pending: ChunkMap<FutureId, Sym>,
    /// The most recently resolved futures, newest last.
    pub recent: VecDeque<FutureView>,
    /// Threads.
    pub threads: BTreeMap<ThreadId, ThreadView>,
    /// Each executor's work queue.
    pub job_queues: BTreeMap<u32, VecDeque<JobId>>,
    /// Threads holding a GIL.
    pub gil: BTreeSet<ThreadId>,
    /// Number of `Print` events so far.
    pub console_len: u32,
    /// Which task a future belongs to.
    task_of: ChunkMap<FutureId, TaskId>,
    /// Threads waiting for the GIL in the middle of a block of CPU work,
    /// which goes on when they have it again.
    paused_compute: BTreeSet<ThreadId>,
}

impl State {
    /// Bytes a clone of this state taken now would not share with the one
    /// taken at the last [`State::shared`]: what a checkpoint costs.
    ///
    /// The big maps share their chunks with earlier clones; the small parts
    /// (ready deque, threads, ...) are copied whole.
    pub(crate) fn unshared_bytes(&self) -> usize {
        std::mem::size_of::<State>()
            + self.timers.unshared_bytes()
            + self.tasks.unshared_bytes()
            + self.pending.unshared_bytes()
            + self.task_of.unshared_bytes()
            + self.ready.len() * std::mem::size_of::<(HandleId, HandleKind)>()
            + self.cancelled.len() * 2 * std::mem::size_of::<HandleId>()
            + self.recent.len() * std::mem::size_of::<FutureView>()
            + self.threads.len() * 2 * std::mem::size_of::<(ThreadId, ThreadView)>()
            + self
                .job_queues
                .values()
                .map(|q| 32 + q.len() * std::mem::size_of::<JobId>())
                .sum::<usize>()
            + (self.gil.len() + self.paused_compute.len()) * 2 * std::mem::size_of::<ThreadId>()
    }

    /// Notes that a clone (a checkpoint) was just taken.
    pub(crate) fn shared(&mut self) {
        self.timers.shared();
        self.tasks.shared();
        self.pending.shared();
        self.task_of.shared();
    }

    /// The label of a pending or recently resolved future (`Queue.put()`), if the state still has it.
    pub fn future_label(&self, fut: FutureId) -> Option<Sym> {
        self.pending.get(&fut).copied().or_else(|| {
            self.recent
                .iter()
                .rev()
                .find(|v| v.fut == fut)
                .map(|v| v.label)
        })
    }

    fn set_task(&mut self, task: Option<TaskId>, status: TaskStatus, awaiting: Option<FutureId>) {
        if let Some(v) = task.and_then(|t| self.tasks.get_mut(&t)) {
            v.status = status;
            v.awaiting = awaiting;
        }
    }

    fn set_thread(&mut self, thread: ThreadId, status: ThreadStatus) {
        if let Some(v) = self.threads.get_mut(&thread) {
            v.status = status;
        }
    }

    fn take_ready(&mut self, h: HandleId) -> Option<HandleKind> {
        let pos = self.ready.iter().position(|(x, _)| *x == h)?;
        self.ready.remove(pos).map(|(_, k)| k)
    }

    /// Applies one event.
    pub fn apply(&mut self, ev: &Event) {
        self.index += 1;
        self.now = ev.t;
        match ev.kind {
            EventKind::ProgramStart => {
                self.threads.insert(
                    ev.thread,
                    ThreadView {
                        kind: ThreadKind::Main,
                        name: Sym(u32::MAX),
                        status: ThreadStatus::Running,
                        job: None,
                    },
                );
            }
            EventKind::ProgramEnd => self.set_thread(ev.thread, ThreadStatus::Done),
            EventKind::LoopStart | EventKind::Iteration { .. } => {
                self.loop_status = LoopStatus::Running
            }
            EventKind::LoopStop => {}
            EventKind::LoopClose => {
                self.loop_status = LoopStatus::NotRunning;
                self.ready.clear();
                self.timers.clear();
                self.cancelled.clear();
            }
            EventKind::ClockJump { .. } => {}
            EventKind::HandleQueued { handle, kind } => {
                self.ready.push_back((handle, kind));
                if let HandleKind::Step(t) | HandleKind::Wakeup(t) = kind {
                    self.set_task(Some(t), TaskStatus::Ready, None);
                }
            }
            EventKind::HandleRun { handle } => {
                self.running_kind = self.take_ready(handle);
                self.running = Some(handle);
                self.loop_status = LoopStatus::Running;
            }
            EventKind::HandleDone { .. } => {
                self.running = None;
                self.running_kind = None;
                if self.ready.is_empty() {
                    self.loop_status = LoopStatus::Idle;
                }
            }
            EventKind::HandleSkipped { handle } => {
                self.take_ready(handle);
                self.cancelled.remove(&handle);
            }
            EventKind::HandleCancelled { handle } => {
                self.cancelled.insert(handle);
            }
            EventKind::TimerSet { handle, when, kind } => {
                self.timers.insert((when.to_bits(), handle), kind);
            }
            EventKind::TimerFired { handle, when } => {
                if let Some(kind) = self.timers.remove(&(when.to_bits(), handle)) {
                    self.ready.push_back((handle, kind));
                }
            }
            EventKind::TimerDropped { handle, when } => {
                self.timers.remove(&(when.to_bits(), handle));
                self.cancelled.remove(&handle);
            }
            EventKind::FutureCreated { fut, label } => {
                self.pending.insert(fut, label);
            }
            EventKind::FutureDone { fut, how, value } => {
                let label = self.pending.remove(&fut).unwrap_or(Sym(u32::MAX));
                self.recent.push_back(FutureView {
                    fut,
                    label,
                    how: Some(how),
                    value: Some(value),
                });
                if self.recent.len() > RECENT {
                    self.recent.pop_front();
                }
                let status = match how {
                    Resolution::Result => TaskStatus::Done,
                    Resolution::Exception => TaskStatus::Failed,
                    Resolution::Cancelled => TaskStatus::Cancelled,
                };
                let task = self.task_of.get(&fut).copied();
                self.set_task(task, status, None);
            }
            EventKind::TaskCreated {
                task,
                fut,
                name,
                coro,
            } => {
                self.task_of.insert(fut, task);
                self.tasks.insert(
                    task,
                    TaskView {
                        name,
                        coro,
                        fut,
                        status: TaskStatus::Ready,
                        awaiting: None,
                    },
                );
            }
            EventKind::TaskRenamed { task, name } => {
                if let Some(v) = self.tasks.get_mut(&task) {
                    v.name = name;
                }
            }
            EventKind::StepBegin => self.set_task(ev.task, TaskStatus::Running, None),
            EventKind::StepEnd { end } => match end {
                StepEnd::Await(f) => self.set_task(ev.task, TaskStatus::Waiting, Some(f)),
                StepEnd::Yield => self.set_task(ev.task, TaskStatus::Ready, None),
                StepEnd::Returned | StepEnd::Raised | StepEnd::Cancelled => {}
            },
            EventKind::CancelRequested { .. } => {}
            EventKind::BlockBegin { until, .. } => {
                self.set_thread(ev.thread, ThreadStatus::Blocked(until));
                if ev.thread == ThreadId(0) && self.loop_status != LoopStatus::NotRunning {
                    self.loop_status = LoopStatus::Blocked;
                }
            }
            EventKind::BlockOnBegin { fut } => {
                self.set_thread(ev.thread, ThreadStatus::BlockedOn(fut));
                if ev.thread == ThreadId(0) && self.loop_status != LoopStatus::NotRunning {
                    self.loop_status = LoopStatus::Blocked;
                }
            }
            EventKind::BlockEnd | EventKind::ComputeEnd | EventKind::GilAcquired => {
                // A thread that gets the GIL back in the middle of its CPU
                // work computes on; one that ends its work runs Python.
                let resumed = self.paused_compute.remove(&ev.thread)
                    && matches!(ev.kind, EventKind::GilAcquired);
                let status = if resumed {
                    ThreadStatus::Computing
                } else {
                    ThreadStatus::Running
                };
                self.set_thread(ev.thread, status);
                if matches!(ev.kind, EventKind::GilAcquired) {
                    self.gil.insert(ev.thread);
                }
                if ev.thread == ThreadId(0) && self.loop_status == LoopStatus::Blocked {
                    self.loop_status = LoopStatus::Running;
                }
            }
            EventKind::ComputeBegin { .. } => self.set_thread(ev.thread, ThreadStatus::Computing),
            EventKind::GilWait => {
                let computing = self
                    .threads
                    .get(&ev.thread)
                    .is_some_and(|v| v.status == ThreadStatus::Computing);
                if computing {
                    self.paused_compute.insert(ev.thread);
                }
                self.set_thread(ev.thread, ThreadStatus::WaitingGil);
            }
            EventKind::GilReleased => {
                self.gil.remove(&ev.thread);
            }
            EventKind::ThreadStarted { thread, kind, name } => {
                self.threads.insert(
                    thread,
                    ThreadView {
                        kind,
                        name,
                        status: ThreadStatus::Idle,
                        job: None,
                    },
                );
            }
            EventKind::ThreadEnded { thread } => self.set_thread(thread, ThreadStatus::Done),
            EventKind::JobQueued { job, executor, .. } => {
                self.job_queues.entry(executor).or_default().push_back(job)
            }
            EventKind::JobStarted { job } => {
                for q in self.job_queues.values_mut() {
                    if let Some(p) = q.iter().position(|j| *j == job) {
                        q.remove(p);
                    }
                }
                if let Some(v) = self.threads.get_mut(&ev.thread) {
                    v.job = Some(job);
                    v.status = ThreadStatus::Running;
                }
            }
            EventKind::JobCancelled { job } => {
                for q in self.job_queues.values_mut() {
                    q.retain(|j| *j != job);
                }
            }
            EventKind::JobFinished { .. } => {
                if let Some(v) = self.threads.get_mut(&ev.thread) {
                    v.job = None;
                    v.status = ThreadStatus::Idle;
                }
            }
            EventKind::Print { .. } => self.console_len += 1,
            EventKind::Exception { .. } | EventKind::Limit { .. } | EventKind::Deadlock => {}
            EventKind::LoopIdle => {
                self.loop_status = LoopStatus::Idle;
                self.set_thread(ev.thread, ThreadStatus::Idle);
            }
        }
    }
}
