//! A deterministic virtual-time model of CPython 3.12's asyncio event loop.
#![warn(missing_docs)]

pub mod coro;

pub use coro::{Coroutine, ExcKind, FutureId, Sent, Span, Step, TaskId, ThreadId, Value};

/// The model: the loop, its futures and tasks, the threads, and the trace.
pub struct Sim<V: Value> {
    _values: std::marker::PhantomData<V>,
}
