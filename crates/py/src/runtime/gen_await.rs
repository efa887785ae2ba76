//! Generator-based awaitables: the `await` of a generator (a class's
//! `__await__` written with `yield`, or a generator function marked with
//! `types.coroutine`), and what a task does with what such a generator
//! yields, as CPython's `Task.__step` does.
//!
//! The awaited generator's frame runs on the awaiting task's stack, above
//! the frame that awaits it (as an async generator's step does), in the
//! [`Resume::Await`] mode.  When it yields:
//! - a bare `yield` (`None`) gives the loop a turn and resumes with `None`,
//!   as `asyncio.sleep(0)` does;
//! - anything else is a mistake CPython reports by throwing a `RuntimeError`
//!   back in at the `yield`, one loop turn later: a future yielded with
//!   `yield` rather than `yield from`, a generator, any other value ("Task
//!   got bad yield").
//!
//! `yield from` a future or a coroutine in such a frame (or in a generator
//! it delegates to) awaits it: CPython's `Future.__iter__` yields the
//! future to the task, which waits for it and resumes the chain, which is
//! what an `await` does.

use loopscope_sim::{Coroutine, Sent, Sim, Step};

use crate::compile::code::Op;
use crate::front::names::ExcClass;
use crate::runtime::exc::Exc;
use crate::runtime::generators::{gen_take, GenAction};
use crate::runtime::objects::{CoroBody, CoroObj, GenObj, Qualname, Resume};
use crate::runtime::ops::PyResult;
use crate::runtime::value::Value;
use crate::runtime::vm::{Entry, Flow, Frame, Runner};

/// Whether `await` accepts generator `g`: it came from a class's
/// `__await__` (`from_dunder`), or its function is marked with
/// `types.coroutine`.  Other generators raise CPython's "object generator
/// can't be used in 'await' expression".
pub(crate) fn awaitable(g: &GenObj, from_dunder: bool) -> bool {
    !g.is_async && (from_dunder || g.iterable_coroutine.get())
}

/// `await g`: its frame goes on the stack, sent `None`.
pub(crate) fn await_gen(g: &std::rc::Rc<GenObj>) -> PyResult<Option<Flow>> {
    let (frames, input) = gen_take(g, GenAction::Send(Value::None), Resume::Await)?;
    Ok(Some(Flow::Resume(frames, input)))
}

/// A coroutine whose body awaits generator `g`, for a task to run
/// (`ensure_future`, `gather`): CPython's `_wrap_awaitable`.
pub(crate) fn wrap(interp: &crate::runtime::vm::Interp, g: std::rc::Rc<GenObj>) -> Value {
    CoroObj::new_value(
        Qualname::Static("ensure_future.<locals>._wrap_awaitable"),
        interp.fresh_id(),
        CoroBody::AgenStep(Box::new(crate::runtime::generators::AgenStep {
            gen: g,
            action: GenAction::Send(Value::None),
            mode: Resume::Await,
        })),
    )
}

/// Whether generator frame `f` runs for an `await`: it was awaited, or it
/// is delegated to (`yield from`), down the stack `parents`, by a frame that
/// was.
pub(crate) fn awaited(f: &Frame, parents: &[Entry]) -> bool {
    let mut mode = f.gen.as_ref().map(|g| g.mode.get());
    // A loop rather than recursion: a `yield from` chain can be as deep as
    // the stack.
    let mut below = parents.iter().rev();
    loop {
        match mode {
            Some(Resume::Await) => return true,
            Some(Resume::Iter) => match below.next() {
                Some(Entry::Py(p))
                    if matches!(
                        p.code.ops.get(p.ip.wrapping_sub(1)),
                        Some(Op::YieldFromSend(_))
                    ) =>
                {
                    mode = p.gen.as_ref().map(|g| g.mode.get());
                }
                _ => return false,
            },
            _ => return false,
        }
    }
}

impl Runner {
    /// What the task does with `v`, yielded by an awaited generator's frame.
    pub(crate) fn task_receives(&mut self, sim: &mut Sim<Value>, v: Value) -> Flow {
        let task = || match sim.current_task() {
            Some(t) => {
                crate::runtime::library::asyncio::future_repr(&self.interp, sim, sim.task_future(t))
            }
            None => "<Task>".to_string(),
        };
        let message = match &v {
            Value::None => return Flow::Suspend(Step::Yield),
            Value::Future(_) => format!(
                "yield was used instead of yield from in task {} with {}",
                task(),
                v.repr_with(&|id| crate::runtime::library::asyncio::future_repr(
                    &self.interp,
                    sim,
                    id
                ))
            ),
            Value::Gen(g) if !g.is_async => format!(
                "yield was used instead of yield from for generator in task {} with {}",
                task(),
                v.repr()
            ),
            _ => {
                let shown = self.py_repr(sim, &v).unwrap_or_else(|_| v.repr());
                format!("Task got bad yield: {shown}")
            }
        };
        Flow::AwaitNative(Box::new(ThrowAfterTurn(Some(Exc::value(
            ExcClass::RuntimeError,
            message,
        )))))
    }
}

/// The error a task throws back into its coroutine for a bad yield, after
/// one turn of the loop (CPython schedules the throwing step with
/// `call_soon`).  A cancellation that comes meanwhile is thrown instead.
struct ThrowAfterTurn(Option<Value>);

impl Coroutine<Value> for ThrowAfterTurn {
    fn resume(&mut self, _sim: &mut Sim<Value>, sent: Sent<Value>) -> Step<Value> {
        match sent {
            Sent::Start => Step::Yield,
            Sent::Throw(e) => Step::Raise(e),
            Sent::Value(_) => Step::Raise(self.0.take().unwrap_or(Value::None)),
        }
    }

    fn name(&self) -> String {
        "Task.__step".into()
    }
}

/// `types.coroutine(func)`: a generator function is marked so that the
/// generators it makes may be awaited; anything else is handed back as it
/// is (CPython wraps other callables, which matters only for those that
/// return generators).
pub(crate) fn types_coroutine(func: Option<Value>) -> PyResult<Value> {
    match func {
        Some(Value::Func(f)) => {
            if f.code.is_generator && !f.code.is_async {
                f.iterable_coroutine.set(true);
            }
            Ok(Value::Func(f))
        }
        Some(
            Value::None
            | Value::Bool(_)
            | Value::Int(_)
            | Value::Float(_)
            | Value::Str(_)
            | Value::List(_)
            | Value::Tuple(_)
            | Value::Dict(_),
        ) => crate::runtime::ops::err(ExcClass::TypeError, "types.coroutine() expects a callable"),
        Some(v) => Ok(v),
        None => crate::runtime::ops::err(
            ExcClass::TypeError,
            "coroutine() missing 1 required positional argument: 'func'",
        ),
    }
}
