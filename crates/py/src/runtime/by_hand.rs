//! Coroutines driven by hand: `coro.send(value)`, `coro.throw(exc)` and
//! `coro.close()` called by the program instead of by a task.
//!
//! Tutorials open the box this way (`add(1, 2).send(None)` raises
//! `StopIteration(3)`), so the model does what CPython does: the
//! coroutine's body runs on a runner of its own, nested in the caller (as
//! a key function does), until it finishes or suspends.  A suspension
//! hands back what the await yields: `None` for `asyncio.sleep(0)`, the
//! future itself for a pending future.  The next `send` resumes the await
//! with that future's outcome, or with CPython's "await wasn't used with
//! future" if it is still pending.
//!
//! A body that would block the thread (`time.sleep`) or run an event loop
//! cannot do so inside a `send` call here; it raises an error that says
//! so.  A coroutine driven by hand cannot then be awaited or wrapped in a
//! task: its runner is suspended at a point only `send` resumes.

use loopscope_sim::{Coroutine, FutureId, FuturePeek, Sent, Sim, Step};

use crate::front::names::ExcClass;
use crate::runtime::exc::Exc;
use crate::runtime::objects::{CoroBody, CoroObj};
use crate::runtime::ops::{err, PyResult};
use crate::runtime::value::Value;
use crate::runtime::vm::{Entry, Runner, MAX_SYNC_NESTING};

/// Why a coroutine driven by hand cannot then be awaited or made a task.
pub(crate) const NOT_AWAITABLE: &str =
    "a coroutine driven by hand (send or throw) cannot then be awaited in Loopscope";

/// A coroutine part-way through, driven by hand: its runner and the future
/// its last step awaited, if any.
pub struct ByHand {
    runner: Box<dyn Coroutine<Value>>,
    awaiting: Option<FutureId>,
}

/// What the program asked of the coroutine.
enum Ask {
    Send(Value),
    Throw(Value),
    Close,
}

impl Runner {
    /// `coro.send(v)`, `coro.throw(e)` or `coro.close()`.
    pub(crate) fn coro_by_hand(
        &mut self,
        sim: &mut Sim<Value>,
        coro: &std::rc::Rc<std::cell::RefCell<CoroObj>>,
        name: &str,
        args: Vec<Value>,
    ) -> PyResult {
        let ask = match (name, args.len()) {
            ("send", 1) => Ask::Send(args.into_iter().next().unwrap_or(Value::None)),
            ("throw", 1..=3) => {
                Ask::Throw(crate::runtime::generators::thrown(args.into_iter().next())?)
            }
            ("close", 0) => Ask::Close,
            ("send", n) => {
                return err(
                    ExcClass::TypeError,
                    format!("coroutine.send() takes exactly one argument ({n} given)"),
                )
            }
            ("throw", n) => {
                return err(
                    ExcClass::TypeError,
                    format!("throw expected at least 1 argument, got {n}"),
                )
            }
            (_, n) => {
                return err(
                    ExcClass::TypeError,
                    format!("coroutine.close() takes no arguments ({n} given)"),
                )
            }
        };
        let body = std::mem::replace(&mut coro.borrow_mut().body, CoroBody::Running);
        let (mut state, sent) = match (body, ask) {
            (CoroBody::Done, Ask::Close) => return rest(coro, CoroBody::Done, Ok(Value::None)),
            (CoroBody::Done, _) => {
                return rest(
                    coro,
                    CoroBody::Done,
                    err(
                        ExcClass::RuntimeError,
                        "cannot reuse already awaited coroutine",
                    ),
                )
            }
            // A task is running it, or it is running now (it sent to itself).
            (CoroBody::Running, Ask::Close) => {
                return rest(coro, CoroBody::Running, Ok(Value::None))
            }
            (CoroBody::Running, _) => {
                return rest(
                    coro,
                    CoroBody::Running,
                    err(ExcClass::ValueError, "coroutine already executing"),
                )
            }
            (CoroBody::ByHand(state), ask) => {
                let sent = match ask {
                    Ask::Send(v) => match state.awaiting {
                        Some(f) => awaited_outcome(sim, f),
                        None => Sent::Value(v),
                    },
                    Ask::Throw(e) => Sent::Throw(e),
                    Ask::Close => Sent::Throw(bare(ExcClass::GeneratorExit, Vec::new())),
                };
                (*state, sent)
            }
            // Not started: closing or throwing ends it before it begins.
            (fresh, Ask::Close) => {
                drop(fresh);
                return rest(coro, CoroBody::Done, Ok(Value::None));
            }
            (fresh, Ask::Throw(e)) => {
                drop(fresh);
                return rest(coro, CoroBody::Done, Err(e));
            }
            (fresh, Ask::Send(v)) => {
                if !matches!(v, Value::None) {
                    return rest(
                        coro,
                        fresh,
                        err(
                            ExcClass::TypeError,
                            "can't send non-None value to a just-started coroutine",
                        ),
                    );
                }
                let runner: Box<dyn Coroutine<Value>> = match fresh {
                    // The frame does not point back at its coroutine (as a
                    // task's does): the coroutine holds this runner, and the
                    // two would keep each other alive.
                    CoroBody::Fresh(frame) => {
                        let def_line = frame.code.first_line;
                        let name = coro.borrow().qualname.to_rc();
                        Box::new(self.nested(vec![Entry::Py(frame)], name, def_line))
                    }
                    other => {
                        coro.borrow_mut().body = other;
                        Runner::for_coro(self.interp.clone(), &Value::Coro(coro.clone()))?
                    }
                };
                let state = ByHand {
                    runner,
                    awaiting: None,
                };
                (state, Sent::Start)
            }
        };
        // Only a suspended coroutine's close comes this far.
        let closing = name == "close";
        // Each step nests a runner in this one, as a key function does:
        // bounded, whatever chain of coroutines sends to one another.
        let depth = self.interp.by_hand.get();
        if depth >= MAX_SYNC_NESTING || self.sync_nesting() >= MAX_SYNC_NESTING {
            let state = CoroBody::ByHand(Box::new(state));
            return rest(
                coro,
                state,
                err(ExcClass::RecursionError, "maximum recursion depth exceeded"),
            );
        }
        self.interp.by_hand.set(depth + 1);
        let mut sent = sent;
        let step = loop {
            let step =
                stacker::maybe_grow(64 * 1024, 1024 * 1024, || state.runner.resume(sim, sent));
            if self.interp.stop.borrow().is_some() {
                break step;
            }
            sent = match step {
                // A step that costs CPU time goes on at once: no thread runs here.
                Step::Compute(_) => Sent::Value(Value::None),
                // With no loop running, CPython's primitives fail to make
                // their future (`self._get_loop()` is None).
                Step::Await(_) if !sim.loop_running() => Sent::Throw(Exc::value(
                    ExcClass::AttributeError,
                    "'NoneType' object has no attribute 'create_future'",
                )),
                step => break step,
            };
        };
        self.interp.by_hand.set(depth);
        state.awaiting = None;
        match step {
            Step::Return(v) if closing => {
                drop(v);
                rest(coro, CoroBody::Done, Ok(Value::None))
            }
            Step::Return(v) => {
                let args = if matches!(v, Value::None) { vec![] } else { vec![v] };
                let stop = bare(ExcClass::StopIteration, args);
                rest(coro, CoroBody::Done, Err(stop))
            }
            Step::Raise(Value::Exc(e)) if closing && e.class == ExcClass::GeneratorExit => {
                rest(coro, CoroBody::Done, Ok(Value::None))
            }
            Step::Raise(e) => rest(coro, CoroBody::Done, Err(e)),
            // It goes on living, suspended where it ignored the close.
            Step::Yield | Step::Await(_) if closing => {
                if let Step::Await(f) = step {
                    state.awaiting = Some(f);
                }
                rest(
                    coro,
                    CoroBody::ByHand(Box::new(state)),
                    err(ExcClass::RuntimeError, "coroutine ignored GeneratorExit"),
                )
            }
            Step::Yield => rest(coro, CoroBody::ByHand(Box::new(state)), Ok(Value::None)),
            Step::Await(f) => {
                state.awaiting = Some(f);
                rest(coro, CoroBody::ByHand(Box::new(state)), Ok(Value::Future(f)))
            }
            // Blocking the thread or running a loop needs the thread, which
            // the `send` call holds.
            _ => rest(
                coro,
                CoroBody::Done,
                err(
                    ExcClass::RuntimeError,
                    "a coroutine driven by hand (send or throw) cannot block the thread or run an event loop in Loopscope",
                ),
            ),
        }
    }
}

/// Leaves `body` in the coroutine and returns `out`.
fn rest(
    coro: &std::rc::Rc<std::cell::RefCell<CoroObj>>,
    body: CoroBody,
    out: PyResult,
) -> PyResult {
    coro.borrow_mut().body = body;
    out
}

/// How an await on future `f` resumes when the program sends again: with
/// the future's outcome, or CPython's error if nothing waited for it.
fn awaited_outcome(sim: &Sim<Value>, f: FutureId) -> Sent<Value> {
    match sim.future_peek(f) {
        FuturePeek::Result(v) => Sent::Value(v),
        FuturePeek::Exception(e) => Sent::Throw(e),
        FuturePeek::Cancelled(msg) => Sent::Throw(bare(
            ExcClass::CancelledError,
            msg.map(|m| Value::str(&m)).into_iter().collect(),
        )),
        FuturePeek::Pending => Sent::Throw(Exc::value(
            ExcClass::RuntimeError,
            "await wasn't used with future",
        )),
    }
}

impl Runner {
    /// Closes coroutine `c`, suspended by hand, as its finaliser does: once
    /// (one that ignores the close is then let go, not queued again), with
    /// an error reported as "Exception ignored in" rather than raised.
    pub(crate) fn finalise_by_hand(
        &mut self,
        sim: &mut Sim<Value>,
        c: &std::rc::Rc<std::cell::RefCell<CoroObj>>,
    ) {
        let closed = self.coro_by_hand(sim, c, "close", Vec::new());
        let left = std::mem::replace(&mut c.borrow_mut().body, CoroBody::Done);
        drop(left);
        if let Err(e) = closed {
            self.report_ignored(sim, &Value::Coro(c.clone()), &e);
        }
    }
}

/// An exception of `class` with these arguments.
fn bare(class: ExcClass, args: Vec<Value>) -> Value {
    Value::Exc(std::rc::Rc::new(Exc::new(class, args)))
}
