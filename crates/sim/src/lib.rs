//! A deterministic virtual-time model of CPython 3.12's asyncio event loop.
//!
//! The model runs *host* computations (the Python layer's coroutine frames,
//! or any [`Coroutine`] implementation) on a virtual clock: an event loop with
//! a ready deque and a timer heap, futures and tasks, the asyncio library
//! built on them, executor worker threads, blocking calls and the GIL.  It
//! never reads the wall clock and uses no randomness or OS threads, so the
//! same program always yields a byte-identical [`Trace`].
//!
//! ```
//! use loopscope_sim::testkit::{Script, TestValue, Op};
//! use loopscope_sim::{Config, Outcome, Sim};
//!
//! // `asyncio.run(main())` where `main` prints, sleeps one second and prints again.
//! let main = Script::new("main", vec![Op::Print("hello"), Op::Sleep(1.0), Op::Print("world")]);
//! let body = Script::new("<module>", vec![Op::RunLoop(main)]);
//! let mut sim: Sim<TestValue> = Sim::new(Config::default());
//! let result = sim.run_program(Box::new(body));
//! assert!(matches!(result.outcome, Outcome::Ok));
//! assert_eq!(sim.console(), vec![(0.0, "hello".to_string()), (1.0, "world".to_string())]);
//! ```
#![warn(missing_docs)]

mod barrier;
mod chunked;
mod combinators;
mod cores;
mod coro;
mod event_loop;
mod executor;
mod future;
mod gil;
mod library;
mod lifecycle;
mod locks;
mod queues;
mod reports;
mod sched;
mod sim;
mod state;
mod task;
mod taskgroup;
#[cfg(any(test, feature = "testkit"))]
pub mod testkit;
mod threadsafe;
mod timeouts;
mod timers;
mod trace;

#[cfg(test)]
mod tests;

pub use coro::{
    Awaitable, Coroutine, ExcKind, FutureId, Sent, Span, Step, TaskId, ThreadId, Value,
};
pub use executor::{ExecutorId, ExecutorKind, ThreadLockId};
pub use future::FuturePeek;
pub use library::{
    BarrierId, ConditionId, EventId, LockId, QueueId, QueueKind, ReturnWhen, SemaphoreId,
    TaskGroupId, TimeoutId,
};
pub use lifecycle::LoopCall;
pub use reports::{HandlerFactory, LoopReport, ReportAbout, TaskFactoryHook};
pub use sim::{AtExit, Config, Outcome, Record, RunResult, Sim, Waiter};
pub use state::{LoopStatus, State, TaskStatus, TaskView, ThreadStatus, ThreadView};
pub use trace::{
    Below, Event, EventKind, HandleId, HandleKind, JobId, LimitKind, Link, Resolution, StepEnd,
    Sym, ThreadKind, Trace, SCHEMA,
};
