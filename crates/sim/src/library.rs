//! Shared state of the asyncio library objects built on the loop, and small helper coroutines.
//!
//! Each object (a gather, a timeout, a lock, a queue, ...) lives in an arena
//! here and is named by a small id, so done-callbacks and handles can refer to
//! it without borrowing the model.

use crate::coro::{Coroutine, FutureId, Sent, Step, TaskId, Value};
use crate::sim::Sim;
use crate::trace::HandleId;
use std::collections::VecDeque;

macro_rules! id_type {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        pub struct $name(pub u32);
    };
}

id_type!(
    /// An `asyncio.timeout()` context manager.
    TimeoutId
);
id_type!(
    /// An `asyncio.TaskGroup`.
    TaskGroupId
);
id_type!(
    /// An `asyncio.Event`.
    EventId
);
id_type!(
    /// An `asyncio.Lock`.
    LockId
);
id_type!(
    /// An `asyncio.Semaphore` or `BoundedSemaphore`.
    SemaphoreId
);
id_type!(
    /// An `asyncio.Condition`.
    ConditionId
);
id_type!(
    /// An `asyncio.Queue`, `LifoQueue` or `PriorityQueue`.
    QueueId
);
id_type!(
    /// An `asyncio.Barrier`.
    BarrierId
);

/// `asyncio.wait`'s `return_when`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReturnWhen {
    /// `FIRST_COMPLETED`.
    FirstCompleted,
    /// `FIRST_EXCEPTION`.
    FirstException,
    /// `ALL_COMPLETED`.
    AllCompleted,
}

/// Which queue class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueueKind {
    /// FIFO `asyncio.Queue`.
    Fifo,
    /// `asyncio.LifoQueue`.
    Lifo,
    /// `asyncio.PriorityQueue` (a binary heap ordered by [`Value::lt`]).
    Priority,
}

pub(crate) struct GatherState {
    pub outer: FutureId,
    pub children: Vec<FutureId>,
    pub nfuts: usize,
    pub nfinished: usize,
    pub return_exceptions: bool,
    pub cancel_requested: bool,
}

pub(crate) struct WaitState {
    pub waiter: FutureId,
    pub counter: usize,
    pub return_when: ReturnWhen,
    pub timeout_handle: Option<HandleId>,
}

pub(crate) struct AsCompletedState {
    pub queue: QueueId,
    pub todo: Vec<FutureId>,
    /// Items put on the queue, in order: the finished future, or `None` for a timeout.
    pub done: VecDeque<Option<FutureId>>,
    pub timeout_handle: Option<HandleId>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum TimeoutPhase {
    Created,
    Entered,
    Expiring,
    Expired,
    Exited,
}

pub(crate) struct TimeoutState {
    pub when: Option<f64>,
    pub phase: TimeoutPhase,
    pub task: Option<TaskId>,
    pub cancelling: u32,
    pub handle: Option<HandleId>,
}

pub(crate) struct TaskGroupState<V> {
    pub entered: bool,
    pub exiting: bool,
    pub aborting: bool,
    pub parent: Option<TaskId>,
    pub parent_cancel_requested: bool,
    pub tasks: Vec<TaskId>,
    pub errors: Vec<V>,
    pub base_error: Option<V>,
    pub on_completed: Option<FutureId>,
}

pub(crate) struct QueueState<V> {
    pub kind: QueueKind,
    pub maxsize: i64,
    pub items: VecDeque<V>,
    pub getters: VecDeque<FutureId>,
    pub putters: VecDeque<FutureId>,
    pub unfinished: u64,
    pub finished: EventId,
}

pub(crate) struct SemState {
    pub value: i64,
    pub bound: Option<i64>,
    pub waiters: VecDeque<FutureId>,
}

/// All library objects of one model.
pub(crate) struct Library<V> {
    pub gathers: Vec<GatherState>,
    pub waits: Vec<WaitState>,
    pub as_completed: Vec<AsCompletedState>,
    pub timeouts: Vec<TimeoutState>,
    pub groups: Vec<TaskGroupState<V>>,
    pub events: Vec<(bool, VecDeque<FutureId>)>,
    pub locks: Vec<(bool, VecDeque<FutureId>)>,
    pub sems: Vec<SemState>,
    pub conds: Vec<(LockId, VecDeque<FutureId>)>,
    pub queues: Vec<QueueState<V>>,
    pub barriers: Vec<crate::barrier::BarrierState>,
}

impl<V> Default for Library<V> {
    fn default() -> Self {
        Library {
            gathers: Vec::new(),
            waits: Vec::new(),
            as_completed: Vec::new(),
            timeouts: Vec::new(),
            groups: Vec::new(),
            events: Vec::new(),
            locks: Vec::new(),
            sems: Vec::new(),
            conds: Vec::new(),
            queues: Vec::new(),
            barriers: Vec::new(),
        }
    }
}

/// A coroutine that returns `None` at its first step (`shutdown_asyncgens` with no generators).
pub(crate) struct Immediate {
    name: &'static str,
}

impl Immediate {
    pub fn new(name: &'static str) -> Immediate {
        Immediate { name }
    }
}

impl<V: Value> Coroutine<V> for Immediate {
    fn resume(&mut self, _sim: &mut Sim<V>, sent: Sent<V>) -> Step<V> {
        match sent {
            Sent::Throw(e) => Step::Raise(e),
            _ => Step::Return(V::none()),
        }
    }
    fn name(&self) -> String {
        self.name.to_string()
    }
}

/// Awaits one future and returns its outcome (`await fut`).
pub(crate) struct AwaitFuture {
    pub fut: FutureId,
    pub started: bool,
}

impl<V: Value> Coroutine<V> for AwaitFuture {
    fn resume(&mut self, _sim: &mut Sim<V>, sent: Sent<V>) -> Step<V> {
        if !self.started {
            self.started = true;
            if let Sent::Throw(e) = sent {
                return Step::Raise(e);
            }
            return Step::Await(self.fut);
        }
        match sent {
            Sent::Throw(e) => Step::Raise(e),
            Sent::Value(v) => Step::Return(v),
            Sent::Start => Step::Return(V::none()),
        }
    }
    fn name(&self) -> String {
        "Future.__await__".to_string()
    }
}
