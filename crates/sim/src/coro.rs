//! The boundary between the model and the language that drives it.
//!
//! The model knows nothing of Python: values are an opaque type supplied by
//! the host language through [`Value`], and every piece of user code (a
//! coroutine, a function run on a worker thread, the module body on the main
//! thread) is a resumable computation implementing [`Coroutine`].  The model
//! resumes it with what it was waiting for and gets back what it waits for
//! next, as a [`Step`].

use std::fmt;

/// Index of a future (every task is also a future) in the model's arena.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct FutureId(pub u32);

/// Index of a task in the model's arena; `Task-N` names follow creation order.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct TaskId(pub u32);

/// Index of an OS thread of the virtual machine (0 is the main thread, which runs the loop).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct ThreadId(pub u32);

/// A place in the user's source: 1-based line and column, as editors count them.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Span {
    /// 1-based line number; 0 means "no source location".
    pub line: u32,
    /// 1-based column number (in characters).
    pub col: u32,
}

/// The exception kinds the model itself raises; the host maps them to its own classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ExcKind {
    /// `asyncio.CancelledError`.
    Cancelled,
    /// `TimeoutError` (which `asyncio.TimeoutError` aliases in 3.12).
    Timeout,
    /// `asyncio.InvalidStateError`.
    InvalidState,
    /// `RuntimeError`.
    Runtime,
    /// `ValueError`.
    Value,
    /// `asyncio.QueueEmpty`.
    QueueEmpty,
    /// `asyncio.QueueFull`.
    QueueFull,
    /// `BaseExceptionGroup`/`ExceptionGroup` raised by `TaskGroup` (payload built by [`Value::exception_group`]).
    Group,
    /// `RecursionError`: a chain of cancellations or callbacks nested deeper than the model allows.
    Recursion,
    /// `asyncio.BrokenBarrierError` (a `RuntimeError`).
    BrokenBarrier,
}

/// A host-language value as the model sees it: cloned freely, never inspected
/// beyond the questions below.
pub trait Value: Clone + fmt::Debug + 'static {
    /// Python's `None`.
    fn none() -> Self;
    /// Python's `True` or `False` (what `Lock.acquire()` and `Event.wait()` return).
    fn bool(b: bool) -> Self;
    /// A Python `int` (what `Barrier.wait()` returns).
    fn int(i: i64) -> Self;
    /// A new exception instance of a kind the model raises, with an optional message.
    fn exception(kind: ExcKind, message: Option<String>) -> Self;
    /// An `ExceptionGroup(message, excs)` (or `BaseExceptionGroup` when one of them is not an `Exception`).
    fn exception_group(message: &str, excs: Vec<Self>) -> Self;
    /// Whether this exception is an instance of `kind` (subclasses included).
    fn is_instance_of(&self, kind: ExcKind) -> bool;
    /// Whether this exception derives from `Exception` (as opposed to only `BaseException`).
    fn is_exception(&self) -> bool;
    /// A Python list of the given items (results of `gather`).
    fn list(items: Vec<Self>) -> Self;
    /// A Python tuple of the given items.
    fn tuple(items: Vec<Self>) -> Self;
    /// A Python set of the given items (the `done`/`pending` sets of `wait`).
    fn set(items: Vec<Self>) -> Self;
    /// The host's object for a model future or task.
    fn future(id: FutureId) -> Self;
    /// The model future this value stands for, if it is one (what a
    /// program's task factory returned).
    fn as_future(&self) -> Option<FutureId> {
        None
    }
    /// Short `repr` for the trace and the diagram (results, exceptions).
    fn describe(&self) -> String;
    /// [`Value::describe`] when it is a fixed text (`None`, `True`), which
    /// spares recording a future's result a string allocation.
    fn describe_static(&self) -> Option<&'static str> {
        None
    }
    /// Python's `self < other`, used by `PriorityQueue`'s heap; incomparable values compare as not less.
    fn lt(&self, other: &Self) -> bool;
    /// The exception as the loop's reports print it after their first lines, ending in a newline.
    ///
    /// CPython prints `traceback.format_exception(exc)` there: `Traceback (most
    /// recent call last):`, the frames, then `KeyError: 'lost'`.  A host that
    /// keeps tracebacks overrides this; the default is the value's `describe()`.
    fn format_exception(&self) -> String {
        format!("{}\n", self.describe())
    }
}

/// Something `wait_for` can await: a future (or task), or a coroutine that runs inside the caller's task.
pub enum Awaitable<V> {
    /// A future or a task's future.
    Future(FutureId),
    /// A coroutine object, awaited inline as `await coro` would.
    Coro(Box<dyn Coroutine<V>>),
}

/// What a suspended computation is resumed with.
#[derive(Debug, Clone)]
pub enum Sent<V> {
    /// The first resumption (`send(None)` on a fresh coroutine).
    Start,
    /// The awaited thing produced this value (`send(value)`).
    Value(V),
    /// The awaited thing raised this exception, or the task was cancelled (`throw(exc)`).
    Throw(V),
}

/// Why a computation gave control back to the model.
pub enum Step<V> {
    /// `await` on a pending future: suspend the task until it is done.
    Await(FutureId),
    /// A bare `yield` (`await asyncio.sleep(0)`): re-queue the task at once.
    Yield,
    /// The computation finished with a value.
    Return(V),
    /// The computation finished by raising this exception.
    Raise(V),
    /// A blocking call (`time.sleep(seconds)`) holds this thread (and, on the
    /// loop thread, the whole loop) for the given virtual time, releasing the
    /// GIL; the same step continues afterwards with `Sent::Value(None)`.
    Block {
        /// Virtual seconds the call lasts.
        seconds: f64,
        /// What to call it in the diagram, e.g. `time.sleep(1)`.
        label: String,
    },
    /// The thread blocks until a future is done (`Thread.join()`,
    /// `concurrent.futures.Future.result()`); resumed with its outcome.
    BlockOn(FutureId),
    /// Pure Python work that costs this many operations of CPU time (only
    /// reported when the scenario sets a finite `cpu_speed`); resumed with
    /// `Sent::Value(None)` once the thread has had that much CPU under the GIL.
    Compute(u64),
    /// On the main thread only: `asyncio.run(coro)`; resumed with its outcome
    /// once the loop has finished and shut down.
    RunLoop(Box<dyn Coroutine<V>>),
    /// On the main thread only: run the open event loop (`loop.run_until_complete`,
    /// `loop.run_forever`, `Runner.close()`); resumed with the outcome once it stops.
    Loop(crate::lifecycle::LoopCall),
}

impl<V> fmt::Debug for Step<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Await(id) => write!(f, "Await({id:?})"),
            Step::Yield => write!(f, "Yield"),
            Step::Return(_) => write!(f, "Return(..)"),
            Step::Raise(_) => write!(f, "Raise(..)"),
            Step::Block { seconds, label } => write!(f, "Block({seconds}, {label:?})"),
            Step::BlockOn(id) => write!(f, "BlockOn({id:?})"),
            Step::Compute(n) => write!(f, "Compute({n})"),
            Step::RunLoop(_) => write!(f, "RunLoop(..)"),
            Step::Loop(c) => write!(f, "Loop({c:?})"),
        }
    }
}

/// A resumable computation: a Python coroutine's frame stack, a model-native
/// coroutine such as `asyncio.sleep`, or a plain function run on a thread.
///
/// `S` is the model's mutable interface (the loop, futures, tasks, the trace)
/// handed to the computation for the length of one resumption.
pub trait Coroutine<V: Value> {
    /// Runs until the next suspension point.
    fn resume(&mut self, sim: &mut crate::Sim<V>, sent: Sent<V>) -> Step<V>;
    /// The coroutine's `__qualname__` (`func1`), for task reprs and the diagram.
    fn name(&self) -> String;
    /// Where the code is defined, as asyncio's reprs show it (`main.py:4`:
    /// the file and the `def` line), or `None` if it is not user code.
    ///
    /// The loop's reports print it in `coro=<fails() done, defined at
    /// main.py:4>` and in `Exception in callback cb() at main.py:7`.
    fn defined_at(&self) -> Option<String> {
        None
    }
    /// A callback with its arguments as asyncio's reports show it
    /// (`cb(1, 'x')`), with `extra` appended as the last argument when the
    /// model passes one (the future, for a done-callback); `None` lets the
    /// model show `name()`.  Asked only when a report needs it, so a host may
    /// keep what it needs for this after the call started.
    fn call_repr(&self, sim: &crate::Sim<V>, extra: Option<&V>) -> Option<String> {
        let _ = (sim, extra);
        None
    }
}
