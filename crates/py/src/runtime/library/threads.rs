//! The blocking side of thread programs: `threading`'s `Event`,
//! `Semaphore`, `BoundedSemaphore`, `RLock`, `Condition` and `Timer`, the
//! `queue` module's queues, and `concurrent.futures.wait` and
//! `as_completed`.
//!
//! Their state lives here.  A thread that must wait blocks on a model
//! future of its own ([`Sim::thread_waiter`]), which whoever changes the
//! state completes; the thread then tries again, as CPython's
//! implementations loop on their condition variables.  A timeout is a
//! deadline on that block ([`Sim::block_deadline`]), and a waiter that
//! timed out is cancelled, so that a later wake-up passes it by.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use loopscope_sim::{Coroutine, FutureId, Sent, Sim, Step, ThreadId, ThreadLockId};

use crate::front::names::ExcClass;
use crate::runtime::builtins::Args;
use crate::runtime::exc::Exc;
use crate::runtime::objects::Obj;
use crate::runtime::ops::{err, PyResult};
use crate::runtime::value::Value;
use crate::runtime::vm::{CallOut, Runner};

/// A `threading` primitive's state.
pub enum Sync {
    /// `threading.Event()`.
    Event {
        /// Whether it is set.
        flag: bool,
        /// The threads waiting for it.
        waiters: Vec<FutureId>,
    },
    /// `threading.Semaphore(value)` (`bound`: `BoundedSemaphore`'s initial value).
    Semaphore {
        /// Permits left.
        value: i64,
        /// The most permits a `BoundedSemaphore` may hold.
        bound: Option<i64>,
        /// The threads waiting for a permit, first come first.
        waiters: VecDeque<FutureId>,
    },
    /// `threading.RLock()`.
    RLock {
        /// The thread holding it.
        owner: Option<ThreadId>,
        /// How many times the owner acquired it.
        count: u32,
        /// The threads waiting for it.
        waiters: VecDeque<FutureId>,
    },
    /// `threading.Condition(lock)`.
    Condition {
        /// Its lock: an `RLock` of this module's, or a `threading.Lock`.
        lock: Value,
        /// The threads waiting for a notification.
        waiters: VecDeque<FutureId>,
    },
}

/// Which queue of the `queue` module.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum QueueKind {
    /// `Queue`: first in, first out.
    Fifo,
    /// `LifoQueue`: last in, first out.
    Lifo,
    /// `PriorityQueue`: the smallest item first.
    Priority,
    /// `SimpleQueue`: first in, first out, unbounded, without `task_done`.
    Simple,
}

/// A `queue.Queue`'s state.
pub struct TQueue {
    /// Which kind.
    pub kind: QueueKind,
    /// The items (kept sorted for a priority queue).
    pub items: VecDeque<Value>,
    /// `maxsize` (0 or less: unbounded).
    pub maxsize: i64,
    /// Threads waiting for an item.
    pub getters: VecDeque<FutureId>,
    /// Threads waiting for room.
    pub putters: VecDeque<FutureId>,
    /// Items put and not yet marked done.
    pub unfinished: u64,
    /// Threads in `join()`.
    pub joiners: Vec<FutureId>,
}

impl TQueue {
    /// The type's name.
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            QueueKind::Fifo => "Queue",
            QueueKind::Lifo => "LifoQueue",
            QueueKind::Priority => "PriorityQueue",
            QueueKind::Simple => "SimpleQueue",
        }
    }

    fn full(&self) -> bool {
        self.kind != QueueKind::Simple
            && self.maxsize > 0
            && self.items.len() as i64 >= self.maxsize
    }
}

/// `concurrent.futures.as_completed(fs)`: the futures not yet handed out.
pub struct AsCompleted {
    /// Futures already done when it was made, in the order given.
    ready: VecDeque<Value>,
    /// The futures still pending, as given.
    pending: Vec<Value>,
    /// The pending futures that finished since, in the order they did.
    finished: Rc<RefCell<Vec<FutureId>>>,
    /// The waiter of the thread blocked in `next()`, if any.
    current: Rc<std::cell::Cell<Option<FutureId>>>,
    /// When it stops waiting (`timeout`), in virtual time.
    deadline: Option<f64>,
    /// How many futures it was given (for the timeout's message).
    total: usize,
}

impl AsCompleted {
    /// Whether every future has been handed out.
    pub fn exhausted(&self) -> bool {
        self.ready.is_empty() && self.pending.is_empty()
    }
}

/// Completes a waiter, if it is still waited on.
fn wake(sim: &mut Sim<Value>, f: FutureId) -> bool {
    if sim.done(f) {
        return false;
    }
    let _ = sim.set_result(f, Value::None);
    true
}

/// Wakes the first waiter still waiting.
fn wake_first(sim: &mut Sim<Value>, waiters: &mut VecDeque<FutureId>) {
    while let Some(f) = waiters.pop_front() {
        if wake(sim, f) {
            return;
        }
    }
}

/// The model future a `concurrent.futures.Future` value stands for.
fn concurrent_future(v: &Value) -> PyResult<FutureId> {
    match v {
        Value::Obj(o) => match &**o {
            Obj::ConcurrentFuture(f) => Ok(*f),
            _ => err(
                ExcClass::TypeError,
                format!(
                    "expected a concurrent.futures.Future, got {}",
                    v.type_name()
                ),
            ),
        },
        _ => err(
            ExcClass::TypeError,
            format!(
                "expected a concurrent.futures.Future, got {}",
                v.type_name()
            ),
        ),
    }
}

/// A done-callback that records the future finished and wakes a thread
/// (`as_completed`'s and `wait`'s waiters).
struct Signal {
    finished: Option<Rc<RefCell<Vec<FutureId>>>>,
    waiter: Rc<std::cell::Cell<Option<FutureId>>>,
}

impl Coroutine<Value> for Signal {
    fn resume(&mut self, sim: &mut Sim<Value>, sent: Sent<Value>) -> Step<Value> {
        if let (Some(log), Sent::Value(Value::Future(f))) = (&self.finished, &sent) {
            log.borrow_mut().push(*f);
        }
        if let Some(w) = self.waiter.get() {
            wake(sim, w);
        }
        Step::Return(Value::None)
    }

    fn name(&self) -> String {
        "_Waiter.add_result".into()
    }
}

/// What a blocked call tries again each time its thread is woken.
enum Attempt {
    EventWait,
    SemAcquire,
    RLockAcquire,
    /// A `threading.Lock` that must be waited for.
    LockAcquire(ThreadLockId),
    QueueGet,
    QueuePut(Option<Value>),
    QueueJoin,
    /// `concurrent.futures.wait` with `return_when`.
    CfWait(
        Vec<Value>,
        &'static str,
        Rc<std::cell::Cell<Option<FutureId>>>,
    ),
    AsCompletedNext,
}

/// What an attempt found.
enum Outcome {
    /// It succeeded with this value.
    Done(Value),
    /// It failed with this exception.
    Fail(Value),
    /// The thread must wait; the waiter goes in the object's list.
    Wait(&'static str),
}

/// A blocking call: tries, and if it must wait, blocks the thread on a
/// waiter until woken or timed out, then tries again.
struct Blocking {
    /// The primitive (none for `concurrent.futures.wait`).
    obj: Option<Rc<Obj>>,
    attempt: Attempt,
    blocking: bool,
    deadline: Option<f64>,
    waiting: Option<FutureId>,
}

impl Coroutine<Value> for Blocking {
    fn resume(&mut self, sim: &mut Sim<Value>, sent: Sent<Value>) -> Step<Value> {
        if let Sent::Throw(e) = sent {
            if let Some(f) = self.waiting.take() {
                let _ = sim.try_cancel(f, None);
            }
            return Step::Raise(e);
        }
        // Each resumption is one more try: a wake-up that finds the
        // state taken again by another thread waits anew.
        let (woken, timed_out) = match self.waiting.take() {
            Some(f) if !sim.done(f) => {
                let _ = sim.try_cancel(f, None);
                (false, true)
            }
            Some(_) => (true, false),
            None => (false, false),
        };
        // A `threading.Lock` is handed to the thread its release wakes.
        if woken && matches!(self.attempt, Attempt::LockAcquire(..)) {
            return Step::Return(Value::Bool(true));
        }
        let label = match self.try_once(sim) {
            Outcome::Done(v) => return Step::Return(v),
            Outcome::Fail(e) => return Step::Raise(e),
            Outcome::Wait(label) => label,
        };
        let remaining = self.deadline.map(|d| d - sim.now());
        if timed_out || !self.blocking || remaining.is_some_and(|r| r <= 0.0) {
            return match self.give_up(sim) {
                Ok(v) => Step::Return(v),
                Err(e) => Step::Raise(e),
            };
        }
        let f = match &mut self.attempt {
            // A `threading.Lock` hands itself over through its own future.
            Attempt::LockAcquire(l) => match sim.thread_lock_acquire(*l) {
                Some(f) => f,
                None => return Step::Return(Value::Bool(true)),
            },
            _ => {
                let f = sim.thread_waiter(label);
                self.register(f);
                f
            }
        };
        if let Some(r) = remaining {
            sim.block_deadline(r);
        }
        self.waiting = Some(f);
        Step::BlockOn(f)
    }

    fn name(&self) -> String {
        "wait".into()
    }
}

impl Blocking {
    /// A blocking call on `obj` (none for `concurrent.futures.wait`) that
    /// tries `attempt`, waiting if `blocking`, until `deadline` if any.
    fn new(
        obj: Option<Rc<Obj>>,
        attempt: Attempt,
        blocking: bool,
        deadline: Option<f64>,
    ) -> Blocking {
        Blocking {
            obj,
            attempt,
            blocking,
            deadline,
            waiting: None,
        }
    }

    /// One try.
    fn try_once(&mut self, sim: &mut Sim<Value>) -> Outcome {
        let me = sim.current_thread();
        match (&self.attempt, self.obj.as_deref()) {
            (Attempt::EventWait, Some(Obj::Sync(s))) => match &*s.borrow() {
                Sync::Event { flag: true, .. } => Outcome::Done(Value::Bool(true)),
                _ => Outcome::Wait("threading.Event.wait()"),
            },
            (Attempt::SemAcquire, Some(Obj::Sync(s))) => match &mut *s.borrow_mut() {
                Sync::Semaphore { value, .. } if *value > 0 => {
                    *value -= 1;
                    Outcome::Done(Value::Bool(true))
                }
                _ => Outcome::Wait("threading.Semaphore.acquire()"),
            },
            (Attempt::RLockAcquire, Some(Obj::Sync(s))) => match &mut *s.borrow_mut() {
                Sync::RLock { owner, count, .. } if owner.is_none() || *owner == Some(me) => {
                    *owner = Some(me);
                    *count += 1;
                    Outcome::Done(Value::Bool(true))
                }
                _ => Outcome::Wait("threading.RLock.acquire()"),
            },
            (Attempt::LockAcquire(..), _) => Outcome::Wait("threading.Lock.acquire()"),
            (Attempt::QueueGet, Some(Obj::TQueue(q))) => {
                let mut q = q.borrow_mut();
                let item = match q.kind {
                    QueueKind::Lifo => q.items.pop_back(),
                    _ => q.items.pop_front(),
                };
                match item {
                    Some(v) => {
                        // Completing a waiter only makes its thread ready:
                        // no Python runs, so the queue may stay borrowed.
                        wake_first(sim, &mut q.putters);
                        Outcome::Done(v)
                    }
                    None => Outcome::Wait("queue.Queue.get()"),
                }
            }
            (Attempt::QueuePut(_), Some(Obj::TQueue(q))) if q.borrow().full() => {
                Outcome::Wait("queue.Queue.put()")
            }
            (Attempt::QueuePut(item), Some(o @ Obj::TQueue(_))) => {
                let item = item.clone().unwrap_or(Value::None);
                put_item(sim, o, item);
                Outcome::Done(Value::None)
            }
            (Attempt::QueueJoin, Some(Obj::TQueue(q))) => {
                if q.borrow().unfinished == 0 {
                    Outcome::Done(Value::None)
                } else {
                    Outcome::Wait("queue.Queue.join()")
                }
            }
            (Attempt::CfWait(fs, when, _), _) => {
                let (done, not_done, failed) = cf_partition(sim, fs);
                let enough = not_done.is_empty()
                    || (*when == "FIRST_COMPLETED" && !done.is_empty())
                    || (*when == "FIRST_EXCEPTION" && failed);
                if enough {
                    done_and_not_done(done, not_done)
                } else {
                    Outcome::Wait("concurrent.futures.wait()")
                }
            }
            (Attempt::AsCompletedNext, Some(Obj::AsCompleted(a))) => {
                let mut a = a.borrow_mut();
                if let Some(v) = a.ready.pop_front() {
                    return Outcome::Done(v);
                }
                let next = {
                    let mut log = a.finished.borrow_mut();
                    (!log.is_empty()).then(|| log.remove(0))
                };
                if let Some(f) = next {
                    let at = a
                        .pending
                        .iter()
                        .position(|v| concurrent_future(v).ok() == Some(f));
                    if let Some(i) = at {
                        return Outcome::Done(a.pending.remove(i));
                    }
                }
                Outcome::Wait("concurrent.futures.as_completed()")
            }
            _ => Outcome::Fail(Exc::value(
                ExcClass::RuntimeError,
                "wrong object for a blocking call",
            )),
        }
    }

    /// Puts a new waiter in the object's list.
    fn register(&mut self, f: FutureId) {
        match (&mut self.attempt, self.obj.as_deref()) {
            (Attempt::CfWait(_, _, current), _) => current.set(Some(f)),
            (Attempt::AsCompletedNext, Some(Obj::AsCompleted(a))) => {
                a.borrow().current.set(Some(f))
            }
            (Attempt::QueueGet, Some(Obj::TQueue(q))) => q.borrow_mut().getters.push_back(f),
            (Attempt::QueuePut(_), Some(Obj::TQueue(q))) => q.borrow_mut().putters.push_back(f),
            (Attempt::QueueJoin, Some(Obj::TQueue(q))) => q.borrow_mut().joiners.push(f),
            (_, Some(Obj::Sync(s))) => match &mut *s.borrow_mut() {
                Sync::Event { waiters, .. } => waiters.push(f),
                Sync::Semaphore { waiters, .. }
                | Sync::RLock { waiters, .. }
                | Sync::Condition { waiters, .. } => waiters.push_back(f),
            },
            _ => {}
        }
    }

    /// What the call gives when it stops waiting without success.
    fn give_up(&mut self, sim: &mut Sim<Value>) -> PyResult {
        match &self.attempt {
            Attempt::QueueGet => Err(Value::Exc(Rc::new(Exc::new(
                ExcClass::QueueModuleEmpty,
                vec![],
            )))),
            Attempt::QueuePut(_) => Err(Value::Exc(Rc::new(Exc::new(
                ExcClass::QueueModuleFull,
                vec![],
            )))),
            // `wait` returns what is done so far when its timeout is over.
            Attempt::CfWait(fs, ..) => {
                let (done, not_done, _) = cf_partition(sim, fs);
                match done_and_not_done(done, not_done) {
                    Outcome::Fail(e) => Err(e),
                    Outcome::Done(v) => Ok(v),
                    Outcome::Wait(_) => Ok(Value::None),
                }
            }
            Attempt::AsCompletedNext => {
                let (left, total) = match self.obj.as_deref() {
                    Some(Obj::AsCompleted(a)) => {
                        let a = a.borrow();
                        (a.pending.len(), a.total)
                    }
                    _ => (0, 0),
                };
                Err(Exc::value(
                    ExcClass::TimeoutError,
                    format!("{left} (of {total}) futures unfinished"),
                ))
            }
            _ => Ok(Value::Bool(false)),
        }
    }
}

/// The futures done and not done, and whether one of the done raised.
fn cf_partition(sim: &mut Sim<Value>, fs: &[Value]) -> (Vec<Value>, Vec<Value>, bool) {
    let mut done = Vec::new();
    let mut not_done = Vec::new();
    let mut failed = false;
    for v in fs {
        let Ok(f) = concurrent_future(v) else {
            continue;
        };
        if sim.done(f) {
            failed |= !sim.cancelled(f) && matches!(sim.exception(f), Ok(Some(_)));
            done.push(v.clone());
        } else {
            not_done.push(v.clone());
        }
    }
    (done, not_done, failed)
}

/// `DoneAndNotDoneFutures(done, not_done)`.
fn done_and_not_done(done: Vec<Value>, not_done: Vec<Value>) -> Outcome {
    let sets = crate::runtime::builtins::make_set(done)
        .and_then(|d| crate::runtime::builtins::make_set(not_done).map(|n| (d, n)));
    match sets {
        Ok((d, n)) => Outcome::Done(crate::runtime::library::namedtuple::fixed(
            "DoneAndNotDoneFutures",
            &["done", "not_done"],
            vec![d, n],
        )),
        Err(e) => Outcome::Fail(e),
    }
}

/// Adds an item to a queue and wakes a getter.
fn put_item(sim: &mut Sim<Value>, obj: &Obj, item: Value) {
    let Obj::TQueue(q) = obj else { return };
    let mut q = q.borrow_mut();
    match q.kind {
        QueueKind::Priority => {
            // After the items that are not greater: equal items leave
            // in the order they came.
            let at = q
                .items
                .iter()
                .position(|x| {
                    matches!(
                        crate::runtime::ops::compare_order(&item, x, "<"),
                        Ok(std::cmp::Ordering::Less)
                    )
                })
                .unwrap_or(q.items.len());
            q.items.insert(at, item);
        }
        _ => q.items.push_back(item),
    }
    if q.kind != QueueKind::Simple {
        q.unfinished += 1;
    }
    // No Python runs when a waiter is completed (see `try_once`).
    wake_first(sim, &mut q.getters);
}

/// Releases an `RLock` held by `me` once; wakes a waiter when it is free.
fn rlock_release(
    sim: &mut Sim<Value>,
    s: &RefCell<Sync>,
    me: ThreadId,
    all: bool,
) -> PyResult<u32> {
    let mut st = s.borrow_mut();
    let Sync::RLock {
        owner,
        count,
        waiters,
    } = &mut *st
    else {
        return err(ExcClass::RuntimeError, "not an RLock");
    };
    if *owner != Some(me) || *count == 0 {
        return err(ExcClass::RuntimeError, "cannot release un-acquired lock");
    }
    let held = *count;
    *count = if all { 0 } else { *count - 1 };
    if *count == 0 {
        *owner = None;
        wake_first(sim, waiters);
    }
    Ok(held)
}

/// A `threading.Timer`'s thread: waits out the interval (or a
/// `cancel()`), then calls the function.
pub struct TimerJob {
    /// Completed by `cancel()`.
    pub cancel: FutureId,
    /// The interval.
    pub interval: f64,
    /// The call, once the interval has passed.
    pub call: Box<dyn Coroutine<Value>>,
    /// Where it is: 0 not started, 1 waiting out the interval, 2 calling.
    pub stage: u8,
}

impl Coroutine<Value> for TimerJob {
    fn resume(&mut self, sim: &mut Sim<Value>, sent: Sent<Value>) -> Step<Value> {
        match self.stage {
            0 => {
                self.stage = 1;
                sim.block_deadline(self.interval);
                Step::BlockOn(self.cancel)
            }
            1 => {
                if let Sent::Throw(e) = sent {
                    return Step::Raise(e);
                }
                // Cancelled before the interval was over: no call.
                if sim.done(self.cancel) {
                    return Step::Return(Value::None);
                }
                let _ = sim.try_cancel(self.cancel, None);
                self.stage = 2;
                self.call.resume(sim, Sent::Start)
            }
            _ => self.call.resume(sim, sent),
        }
    }

    fn name(&self) -> String {
        "Timer".into()
    }
}

/// The names of the `threading`, `queue` and `concurrent.futures` callables
/// made here.
pub const NAMES: &[&str] = &[
    "threading.Event",
    "threading.Semaphore",
    "threading.BoundedSemaphore",
    "threading.RLock",
    "threading.Condition",
    "threading.Timer",
    "queue.Queue",
    "queue.LifoQueue",
    "queue.PriorityQueue",
    "queue.SimpleQueue",
    "concurrent.futures.wait",
    "concurrent.futures.as_completed",
];

fn obj(o: Obj) -> Value {
    Value::Obj(Rc::new(o))
}

/// A `timeout` argument: `None` or a number of seconds, as an absolute
/// deadline; a negative one is CPython's `ValueError`.
fn deadline(sim: &Sim<Value>, v: Option<Value>) -> PyResult<Option<f64>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v) => match v.as_f64() {
            Some(t) if t < 0.0 => err(
                ExcClass::ValueError,
                "'timeout' must be a non-negative number",
            ),
            Some(t) => Ok(Some(sim.now() + t)),
            None => err(
                ExcClass::TypeError,
                format!(
                    "'{}' object cannot be interpreted as a timeout",
                    v.type_name()
                ),
            ),
        },
    }
}

fn blocking(o: &Rc<Obj>, attempt: Attempt, block: bool, deadline: Option<f64>) -> CallOut {
    CallOut::Native(Box::new(Blocking::new(
        Some(o.clone()),
        attempt,
        block,
        deadline,
    )))
}

impl Runner {
    /// Calls one of [`NAMES`].
    pub(crate) fn call_threads(
        &mut self,
        sim: &mut Sim<Value>,
        name: &str,
        mut a: Args,
    ) -> PyResult<CallOut> {
        let out = |o: Obj| Ok(CallOut::Value(obj(o)));
        match name {
            "threading.Event" => out(Obj::Sync(RefCell::new(Sync::Event {
                flag: false,
                waiters: Vec::new(),
            }))),
            "threading.Semaphore" | "threading.BoundedSemaphore" => {
                let value = match a.get(0, "value") {
                    None => 1,
                    Some(v) => crate::runtime::builtins::want_int(&v, "")?,
                };
                if value < 0 {
                    return err(ExcClass::ValueError, "semaphore initial value must be >= 0");
                }
                let bound = (name == "threading.BoundedSemaphore").then_some(value);
                out(Obj::Sync(RefCell::new(Sync::Semaphore {
                    value,
                    bound,
                    waiters: VecDeque::new(),
                })))
            }
            "threading.RLock" => out(Obj::Sync(RefCell::new(Sync::RLock {
                owner: None,
                count: 0,
                waiters: VecDeque::new(),
            }))),
            "threading.Condition" => {
                let lock = match a.get(0, "lock") {
                    None | Some(Value::None) => obj(Obj::Sync(RefCell::new(Sync::RLock {
                        owner: None,
                        count: 0,
                        waiters: VecDeque::new(),
                    }))),
                    Some(l) => l,
                };
                out(Obj::Sync(RefCell::new(Sync::Condition {
                    lock,
                    waiters: VecDeque::new(),
                })))
            }
            "threading.Timer" => {
                let interval = match a.get(0, "interval").and_then(|v| v.as_f64()) {
                    Some(t) => t,
                    None => {
                        return err(ExcClass::TypeError, "Timer() needs an interval in seconds")
                    }
                };
                let function = a.get(1, "function").unwrap_or(Value::None);
                let args = match a.get(2, "args") {
                    None | Some(Value::None) => Vec::new(),
                    Some(v) => crate::runtime::builtins::iterate_simple(&v)?,
                };
                let kwargs = match a.get(3, "kwargs") {
                    Some(Value::Dict(d)) => d
                        .borrow()
                        .iter()
                        .map(|(k, v)| (Rc::from(k.to_str().as_str()), v.clone()))
                        .collect(),
                    _ => Vec::new(),
                };
                let n = self.interp.threads.get() + 1;
                self.interp.threads.set(n);
                let tname = match &function {
                    Value::Func(f) => format!("Thread-{n} ({})", f.code.name),
                    _ => format!("Thread-{n}"),
                };
                out(Obj::Thread(RefCell::new(
                    crate::runtime::objects::ThreadObj {
                        target: function,
                        args,
                        kwargs,
                        name: tname,
                        id: None,
                        timer: Some((interval, None)),
                    },
                )))
            }
            "queue.Queue" | "queue.LifoQueue" | "queue.PriorityQueue" | "queue.SimpleQueue" => {
                let kind = match name {
                    "queue.Queue" => QueueKind::Fifo,
                    "queue.LifoQueue" => QueueKind::Lifo,
                    "queue.PriorityQueue" => QueueKind::Priority,
                    _ => QueueKind::Simple,
                };
                let maxsize = match (kind, a.get(0, "maxsize")) {
                    (QueueKind::Simple, Some(_)) => {
                        return err(ExcClass::TypeError, "SimpleQueue() takes no arguments")
                    }
                    (_, None) => 0,
                    (_, Some(v)) => crate::runtime::builtins::want_int(&v, "")?,
                };
                out(Obj::TQueue(RefCell::new(TQueue {
                    kind,
                    items: VecDeque::new(),
                    maxsize,
                    getters: VecDeque::new(),
                    putters: VecDeque::new(),
                    unfinished: 0,
                    joiners: Vec::new(),
                })))
            }
            "concurrent.futures.wait" => {
                let fs = crate::runtime::builtins::iterate_simple(
                    &a.get(0, "fs").unwrap_or(Value::None),
                )?;
                for f in &fs {
                    concurrent_future(f)?;
                }
                let dl = deadline(sim, a.get(1, "timeout"))?;
                let when = match a.get(2, "return_when") {
                    None => "ALL_COMPLETED",
                    Some(Value::Str(s)) if &*s == "FIRST_COMPLETED" => "FIRST_COMPLETED",
                    Some(Value::Str(s)) if &*s == "FIRST_EXCEPTION" => "FIRST_EXCEPTION",
                    Some(Value::Str(s)) if &*s == "ALL_COMPLETED" => "ALL_COMPLETED",
                    Some(other) => {
                        return err(
                            ExcClass::ValueError,
                            format!("Invalid return condition: {}", other.repr()),
                        )
                    }
                };
                let current = Rc::new(std::cell::Cell::new(None));
                for v in &fs {
                    let f = concurrent_future(v)?;
                    if !sim.done(f) {
                        let cb = Signal {
                            finished: None,
                            waiter: current.clone(),
                        };
                        sim.add_done_callback(f, 0, Box::new(cb));
                    }
                }
                Ok(CallOut::Native(Box::new(Blocking::new(
                    None,
                    Attempt::CfWait(fs, when, current),
                    true,
                    dl,
                ))))
            }
            "concurrent.futures.as_completed" => {
                let fs = crate::runtime::builtins::iterate_simple(
                    &a.get(0, "fs").unwrap_or(Value::None),
                )?;
                let dl = deadline(sim, a.get(1, "timeout"))?;
                // Each future once, in the order given (CPython makes a set).
                let mut seen = Vec::new();
                let mut ready = VecDeque::new();
                let mut pending = Vec::new();
                for v in fs {
                    let f = concurrent_future(&v)?;
                    if seen.contains(&f) {
                        continue;
                    }
                    seen.push(f);
                    if sim.done(f) {
                        ready.push_back(v);
                    } else {
                        pending.push(v);
                    }
                }
                let finished = Rc::new(RefCell::new(Vec::new()));
                let current = Rc::new(std::cell::Cell::new(None));
                for v in &pending {
                    let cb = Signal {
                        finished: Some(finished.clone()),
                        waiter: current.clone(),
                    };
                    sim.add_done_callback(concurrent_future(v)?, 0, Box::new(cb));
                }
                let total = seen.len();
                out(Obj::AsCompleted(RefCell::new(AsCompleted {
                    ready,
                    pending,
                    finished,
                    current,
                    deadline: dl,
                    total,
                })))
            }
            _ => err(ExcClass::AttributeError, format!("no such function {name}")),
        }
    }

    /// `next()` of an `as_completed` iterator, which may block; `None` when it is exhausted.
    pub(crate) fn as_completed_next(&self, o: &Rc<Obj>) -> Option<Box<dyn Coroutine<Value>>> {
        let Obj::AsCompleted(a) = &**o else {
            return None;
        };
        if a.borrow().exhausted() {
            return None;
        }
        let dl = a.borrow().deadline;
        Some(Box::new(Blocking::new(
            Some(o.clone()),
            Attempt::AsCompletedNext,
            true,
            dl,
        )))
    }

    /// A method of a `threading` primitive.
    pub(crate) fn sync_method(
        &mut self,
        sim: &mut Sim<Value>,
        o: &Rc<Obj>,
        name: &str,
        mut a: Args,
    ) -> PyResult<CallOut> {
        let Obj::Sync(s) = &**o else {
            return err(ExcClass::TypeError, "not a threading primitive");
        };
        let me = sim.current_thread();
        let v = |x: Value| Ok(CallOut::Value(x));
        let kind = match &*s.borrow() {
            Sync::Event { .. } => 0,
            Sync::Semaphore { .. } => 1,
            Sync::RLock { .. } => 2,
            Sync::Condition { .. } => 3,
        };
        let bad = || {
            err(
                ExcClass::AttributeError,
                format!("'{}' object has no attribute '{name}'", o.type_name()),
            )
        };
        match (kind, name) {
            (0, "is_set") => v(Value::Bool(matches!(
                &*s.borrow(),
                Sync::Event { flag: true, .. }
            ))),
            (0, "set") => {
                let waiters = match &mut *s.borrow_mut() {
                    Sync::Event { flag, waiters } => {
                        *flag = true;
                        std::mem::take(waiters)
                    }
                    _ => Vec::new(),
                };
                for f in waiters {
                    wake(sim, f);
                }
                v(Value::None)
            }
            (0, "clear") => {
                if let Sync::Event { flag, .. } = &mut *s.borrow_mut() {
                    *flag = false;
                }
                v(Value::None)
            }
            (0, "wait") => {
                let dl = deadline(sim, a.get(0, "timeout"))?;
                Ok(blocking(o, Attempt::EventWait, true, dl))
            }
            (1 | 2, "acquire" | "__enter__") => {
                let block = name == "__enter__" || a.get(0, "blocking").is_none_or(|b| b.truthy());
                let dl = if name == "__enter__" {
                    None
                } else {
                    deadline(sim, a.get(1, "timeout"))?
                };
                if !block && dl.is_some() {
                    return err(
                        ExcClass::ValueError,
                        "can't specify a timeout for a non-blocking call",
                    );
                }
                let attempt = if kind == 1 {
                    Attempt::SemAcquire
                } else {
                    Attempt::RLockAcquire
                };
                Ok(blocking(o, attempt, block, dl))
            }
            (1, "release" | "__exit__") => {
                let n = match name {
                    "release" => match a.get(0, "n") {
                        None => 1,
                        Some(x) => crate::runtime::builtins::want_int(&x, "")?,
                    },
                    _ => 1,
                };
                if n < 1 {
                    return err(ExcClass::ValueError, "n must be one or more");
                }
                let mut st = s.borrow_mut();
                if let Sync::Semaphore {
                    value,
                    bound,
                    waiters,
                } = &mut *st
                {
                    if bound.is_some_and(|b| *value + n > b) {
                        return err(ExcClass::ValueError, "Semaphore released too many times");
                    }
                    *value += n;
                    for _ in 0..n {
                        wake_first(sim, waiters);
                    }
                }
                v(if name == "__exit__" {
                    Value::Bool(false)
                } else {
                    Value::None
                })
            }
            (2, "release" | "__exit__") => {
                rlock_release(sim, s, me, false)?;
                v(if name == "__exit__" {
                    Value::Bool(false)
                } else {
                    Value::None
                })
            }
            (2, "_is_owned") => v(Value::Bool(
                matches!(&*s.borrow(), Sync::RLock { owner: Some(t), .. } if *t == me),
            )),
            (3, "__enter__" | "acquire" | "__exit__" | "release") => {
                let lock = match &*s.borrow() {
                    Sync::Condition { lock, .. } => lock.clone(),
                    _ => Value::None,
                };
                self.call_method(sim, lock, name, a.pos, a.kw)
            }
            (3, "notify" | "notify_all") => {
                let lock = match &*s.borrow() {
                    Sync::Condition { lock, .. } => lock.clone(),
                    _ => Value::None,
                };
                if !owns(sim, &lock, me) {
                    return err(ExcClass::RuntimeError, "cannot notify on un-acquired lock");
                }
                let n = match (name, a.get(0, "n")) {
                    ("notify_all", _) => usize::MAX,
                    (_, None) => 1,
                    (_, Some(x)) => crate::runtime::builtins::want_int(&x, "")?.max(0) as usize,
                };
                let mut woken = 0;
                while woken < n {
                    let f = match &mut *s.borrow_mut() {
                        Sync::Condition { waiters, .. } => waiters.pop_front(),
                        _ => None,
                    };
                    let Some(f) = f else { break };
                    if wake(sim, f) {
                        woken += 1;
                    }
                }
                v(Value::None)
            }
            (3, "wait") => {
                let dl = deadline(sim, a.get(0, "timeout"))?;
                let c = self.condition_wait(sim, o, dl)?;
                Ok(CallOut::Native(c))
            }
            (3, "wait_for") => {
                let pred = a.get(0, "predicate").unwrap_or(Value::None);
                let dl = deadline(sim, a.get(1, "timeout"))?;
                Ok(CallOut::Native(Box::new(CondWaitFor {
                    runner: Runner::call(self.interp.clone(), Value::None, vec![], vec![]),
                    cond: o.clone(),
                    pred,
                    deadline: dl,
                    inner: None,
                })))
            }
            _ => bad(),
        }
    }

    /// `cond.wait(timeout)`: releases the lock, waits for a notification,
    /// then takes the lock again, as many times as it was held.
    fn condition_wait(
        &mut self,
        sim: &mut Sim<Value>,
        o: &Rc<Obj>,
        dl: Option<f64>,
    ) -> PyResult<Box<dyn Coroutine<Value>>> {
        let Obj::Sync(s) = &**o else {
            return err(ExcClass::TypeError, "not a Condition");
        };
        let lock = match &*s.borrow() {
            Sync::Condition { lock, .. } => lock.clone(),
            _ => Value::None,
        };
        let me = sim.current_thread();
        if !owns(sim, &lock, me) {
            return err(ExcClass::RuntimeError, "cannot wait on un-acquired lock");
        }
        // Release the lock entirely, remembering how deep it was held.
        let held = match &lock {
            Value::Obj(l) => match &**l {
                Obj::Sync(r) => rlock_release(sim, r, me, true)?,
                Obj::ThreadLock(id) => {
                    sim.thread_lock_release(*id)?;
                    1
                }
                _ => {
                    return err(
                        ExcClass::TypeError,
                        "a Condition's lock must be a Lock or an RLock",
                    )
                }
            },
            _ => {
                return err(
                    ExcClass::TypeError,
                    "a Condition's lock must be a Lock or an RLock",
                )
            }
        };
        let f = sim.thread_waiter("threading.Condition.wait()");
        if let Sync::Condition { waiters, .. } = &mut *s.borrow_mut() {
            waiters.push_back(f);
        }
        Ok(Box::new(CondWait {
            lock,
            held,
            waiter: f,
            deadline: dl,
            stage: 0,
            notified: false,
            reacquire: None,
        }))
    }

    /// A method of a `queue` queue.
    pub(crate) fn tqueue_method(
        &mut self,
        sim: &mut Sim<Value>,
        o: &Rc<Obj>,
        name: &str,
        mut a: Args,
    ) -> PyResult<CallOut> {
        let Obj::TQueue(q) = &**o else {
            return err(ExcClass::TypeError, "not a queue");
        };
        let v = |x: Value| Ok(CallOut::Value(x));
        let simple = q.borrow().kind == QueueKind::Simple;
        match name {
            "qsize" => v(Value::Int(q.borrow().items.len() as i64)),
            "empty" => v(Value::Bool(q.borrow().items.is_empty())),
            "full" if !simple => v(Value::Bool(q.borrow().full())),
            "get" | "get_nowait" => {
                let (block, dl) = if name == "get" {
                    let block = a.get(0, "block").is_none_or(|b| b.truthy());
                    (block, deadline(sim, a.get(1, "timeout"))?)
                } else {
                    (false, None)
                };
                Ok(blocking(o, Attempt::QueueGet, block, dl))
            }
            "put" | "put_nowait" => {
                let item = a.get(0, "item").unwrap_or(Value::None);
                let (block, dl) = if name == "put" {
                    let block = a.get(1, "block").is_none_or(|b| b.truthy());
                    (block, deadline(sim, a.get(2, "timeout"))?)
                } else {
                    (false, None)
                };
                Ok(blocking(o, Attempt::QueuePut(Some(item)), block, dl))
            }
            "task_done" if !simple => {
                let joiners = {
                    let mut q = q.borrow_mut();
                    if q.unfinished == 0 {
                        return err(ExcClass::ValueError, "task_done() called too many times");
                    }
                    q.unfinished -= 1;
                    if q.unfinished == 0 {
                        std::mem::take(&mut q.joiners)
                    } else {
                        Vec::new()
                    }
                };
                for f in joiners {
                    wake(sim, f);
                }
                v(Value::None)
            }
            "join" if !simple => Ok(blocking(o, Attempt::QueueJoin, true, None)),
            _ => err(
                ExcClass::AttributeError,
                format!("'{}' object has no attribute '{name}'", o.type_name()),
            ),
        }
    }
}

/// `threading.Lock.acquire()` that must wait, until `deadline` if any:
/// `True` once the lock is handed over, `False` at the deadline.
pub fn lock_acquire(l: ThreadLockId, deadline: Option<f64>) -> Box<dyn Coroutine<Value>> {
    Box::new(Blocking::new(None, Attempt::LockAcquire(l), true, deadline))
}

/// Whether thread `me` holds `lock` (an `RLock` of this module's, or a
/// `threading.Lock`, which has no owner: held at all counts).
fn owns(sim: &Sim<Value>, lock: &Value, me: ThreadId) -> bool {
    match lock {
        Value::Obj(l) => match &**l {
            Obj::Sync(r) => matches!(&*r.borrow(), Sync::RLock { owner: Some(t), .. } if *t == me),
            Obj::ThreadLock(id) => sim.thread_lock_locked(*id),
            _ => false,
        },
        _ => false,
    }
}

/// `Condition.wait`, after the lock was released: waits for the
/// notification (or the timeout), then takes the lock again.
struct CondWait {
    lock: Value,
    held: u32,
    waiter: FutureId,
    deadline: Option<f64>,
    stage: u8,
    notified: bool,
    reacquire: Option<Box<dyn Coroutine<Value>>>,
}

impl Coroutine<Value> for CondWait {
    fn resume(&mut self, sim: &mut Sim<Value>, sent: Sent<Value>) -> Step<Value> {
        let mut sent = sent;
        loop {
            match self.stage {
                0 => {
                    self.stage = 1;
                    if let Some(d) = self.deadline {
                        sim.block_deadline(d - sim.now());
                    }
                    return Step::BlockOn(self.waiter);
                }
                1 => {
                    // Woken, timed out or interrupted: the lock is taken again
                    // in every case, as CPython's `finally` does.
                    self.notified = sim.done(self.waiter) && !sim.cancelled(self.waiter);
                    if !sim.done(self.waiter) {
                        let _ = sim.try_cancel(self.waiter, None);
                    }
                    self.stage = 2;
                    let Value::Obj(l) = &self.lock else {
                        return Step::Return(Value::Bool(self.notified));
                    };
                    let attempt = match &**l {
                        Obj::ThreadLock(id) => Attempt::LockAcquire(*id),
                        _ => Attempt::RLockAcquire,
                    };
                    self.reacquire = Some(Box::new(Blocking::new(
                        Some(l.clone()),
                        attempt,
                        true,
                        None,
                    )));
                    sent = Sent::Start;
                }
                _ => {
                    let Some(r) = self.reacquire.as_mut() else {
                        return Step::Return(Value::Bool(self.notified));
                    };
                    match r.resume(sim, sent) {
                        Step::Return(_) => {
                            // An `RLock` held several times is held as deep again.
                            if let Value::Obj(l) = &self.lock {
                                if let Obj::Sync(s) = &**l {
                                    if let Sync::RLock { count, .. } = &mut *s.borrow_mut() {
                                        *count = self.held;
                                    }
                                }
                            }
                            return Step::Return(Value::Bool(self.notified));
                        }
                        other => return other,
                    }
                }
            }
        }
    }

    fn name(&self) -> String {
        "Condition.wait".into()
    }
}

/// `cond.wait_for(predicate, timeout)`: `while not predicate(): wait()`.
struct CondWaitFor {
    runner: Runner,
    cond: Rc<Obj>,
    pred: Value,
    deadline: Option<f64>,
    inner: Option<Box<dyn Coroutine<Value>>>,
}

impl Coroutine<Value> for CondWaitFor {
    fn resume(&mut self, sim: &mut Sim<Value>, sent: Sent<Value>) -> Step<Value> {
        let mut sent = sent;
        loop {
            if let Some(inner) = self.inner.as_mut() {
                match inner.resume(sim, sent) {
                    Step::Return(_) => self.inner = None,
                    other => return other,
                }
            }
            let r = match self.runner.call_sync(sim, &self.pred, vec![]) {
                Ok(r) => r,
                Err(e) => return Step::Raise(e),
            };
            if r.truthy() || self.deadline.is_some_and(|d| d <= sim.now()) {
                return Step::Return(r);
            }
            match self.runner.condition_wait(sim, &self.cond, self.deadline) {
                Ok(c) => self.inner = Some(c),
                Err(e) => return Step::Raise(e),
            }
            sent = Sent::Start;
        }
    }

    fn name(&self) -> String {
        "Condition.wait_for".into()
    }
}
