//! `contextlib`: `contextmanager` and `asynccontextmanager` (context
//! managers made from generators), `suppress`, `closing`, `aclosing`.
//!
//! CPython writes these in Python; here they are built on the generator
//! machinery (`generators.rs`).  A sync generator's steps run on a runner
//! of their own (as key functions do); an async generator's steps are
//! awaited on the task's stack through [`AfterAwait`], which runs the step
//! and then interprets its outcome as `contextlib` does.

use std::rc::Rc;

use loopscope_sim::{Coroutine, Sent, Sim, Step};

use crate::exc::{Exc, ExcClass};
use crate::generators::{agen_step_value, gen_take, AgenStep, GenAction};
use crate::objects::{CoroBody, CoroObj, GenObj, Obj, Qualname, Resume};
use crate::ops::{err, PyResult};
use crate::value::Value;
use crate::vm::{CallOut, Interp, Runner};

/// What an awaited generator step means to the context manager.
#[derive(Clone)]
enum After {
    /// `__aenter__`: the yielded value is the result.
    Enter,
    /// `__aexit__` without an exception: the generator must finish.
    ExitNormally,
    /// `__aexit__` with this exception thrown in.
    ExitWith(Value),
    /// `aclosing`'s `__aexit__`: whatever `aclose()` returns, `False`.
    Closed,
}

/// Awaits an async generator step (on a runner of its own, which suspends
/// the awaiting task as the step does), then turns its outcome into what
/// `contextlib` returns or raises.
struct AfterAwait {
    interp: Rc<Interp>,
    awaitable: Option<Value>,
    inner: Option<Box<dyn Coroutine<Value>>>,
    after: After,
}

fn is_class(e: &Value, c: ExcClass) -> bool {
    matches!(e, Value::Exc(x) if x.class == c)
}

impl Coroutine<Value> for AfterAwait {
    fn resume(&mut self, sim: &mut Sim<Value>, sent: Sent<Value>) -> Step<Value> {
        if self.inner.is_none() {
            let aw = self.awaitable.take().unwrap_or(Value::None);
            match Runner::for_coro(self.interp.clone(), &aw) {
                Ok(c) => self.inner = Some(c),
                Err(e) => return Step::Raise(e),
            }
        }
        let Some(inner) = self.inner.as_mut() else {
            return Step::Return(Value::None);
        };
        let step = inner.resume(sim, sent);
        let stop = ExcClass::StopAsyncIteration;
        let fail = |m: &str| Step::Raise(Exc::value(ExcClass::RuntimeError, m));
        match (step, &self.after) {
            (Step::Return(v), After::Enter) => Step::Return(v),
            (Step::Return(_), After::ExitNormally) => fail("generator didn't stop"),
            (Step::Return(_), After::ExitWith(_)) => fail("generator didn't stop after athrow()"),
            (Step::Return(_), After::Closed) => Step::Return(Value::Bool(false)),
            (Step::Raise(e), After::Enter) if is_class(&e, stop) => fail("generator didn't yield"),
            (Step::Raise(e), After::ExitNormally) if is_class(&e, stop) => {
                Step::Return(Value::Bool(false))
            }
            (Step::Raise(e), After::ExitWith(exc)) => match exit_outcome(e, exc, stop) {
                Ok(b) => Step::Return(Value::Bool(b)),
                Err(e) => Step::Raise(e),
            },
            (other, _) => other,
        }
    }

    fn name(&self) -> String {
        "contextlib".into()
    }
}

/// `__exit__` after throwing `exc` into the generator, which then raised
/// `e`: finished (`stop`) means the exception was handled (suppress it);
/// `exc` itself (or a `RuntimeError` made from it) means not suppressed;
/// anything else is raised instead.
fn exit_outcome(e: Value, exc: &Value, stop: ExcClass) -> PyResult<bool> {
    if is_class(&e, stop) {
        return Ok(!e.is(exc));
    }
    if e.is(exc) {
        return Ok(false);
    }
    if let Value::Exc(x) = &e {
        if x.class == ExcClass::RuntimeError {
            if let Some(c) = &*x.cause.borrow() {
                if c.is(exc) {
                    return Ok(false);
                }
            }
        }
    }
    Err(e)
}

fn native_value(interp: &Interp, name: &'static str, c: Box<dyn Coroutine<Value>>) -> Value {
    CoroObj::new_value(
        Qualname::Static(name),
        interp.fresh_id(),
        CoroBody::Native(c),
    )
}

fn obj(o: Obj) -> Value {
    Value::Obj(Rc::new(o))
}

impl Runner {
    /// `contextlib.*` called.
    pub(crate) fn call_contextlib(
        &mut self,
        name: &str,
        mut a: crate::builtins::Args,
    ) -> PyResult<CallOut> {
        let first = a.pos.first().cloned();
        let out = |v| Ok(CallOut::Value(v));
        match name {
            "contextlib.contextmanager" | "contextlib.asynccontextmanager" => match first {
                Some(f) => out(obj(Obj::CtxFactory(
                    f,
                    name == "contextlib.asynccontextmanager",
                ))),
                None => err(
                    ExcClass::TypeError,
                    format!(
                        "{}() missing 1 required positional argument: 'func'",
                        &name[11..]
                    ),
                ),
            },
            "contextlib.suppress" => out(obj(Obj::Suppress(std::mem::take(&mut a.pos)))),
            "contextlib.closing" | "contextlib.aclosing" => match first {
                Some(x) => out(obj(Obj::Closing(x, name == "contextlib.aclosing"))),
                None => err(
                    ExcClass::TypeError,
                    format!(
                        "{}() missing 1 required positional argument: 'thing'",
                        &name[11..]
                    ),
                ),
            },
            _ => err(
                ExcClass::AttributeError,
                format!("module 'contextlib' has no attribute '{}'", &name[11..]),
            ),
        }
    }

    /// Calling a `contextmanager`-decorated function: its generator in a manager.
    pub(crate) fn call_ctx_factory(
        &mut self,
        sim: &mut Sim<Value>,
        func: &Value,
        is_async: bool,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> PyResult<CallOut> {
        let g = match self.call_value(sim, func.clone(), args, kwargs)? {
            CallOut::Value(v) => v,
            _ => {
                return err(
                    ExcClass::TypeError,
                    "the function given to contextmanager must be a generator function",
                )
            }
        };
        Ok(CallOut::Value(obj(Obj::GenCtx(g, is_async))))
    }

    /// The methods of `contextlib`'s managers, or `None` if `o` is not one.
    pub(crate) fn contextlib_method(
        &mut self,
        sim: &mut Sim<Value>,
        o: &Obj,
        name: &str,
        args: &[Value],
    ) -> PyResult<Option<CallOut>> {
        let exc = args.get(1).cloned().unwrap_or(Value::None);
        let v = |x: Value| Ok(Some(CallOut::Value(x)));
        match (o, name) {
            (Obj::GenCtx(Value::Gen(g), false), "__enter__") => match self.gen_next_sync(sim, g)? {
                Some(x) => v(x),
                None => err(ExcClass::RuntimeError, "generator didn't yield"),
            },
            (Obj::GenCtx(Value::Gen(g), false), "__exit__") => {
                if matches!(exc, Value::None) {
                    return match self.gen_next_sync(sim, g)? {
                        None => v(Value::Bool(false)),
                        Some(_) => err(ExcClass::RuntimeError, "generator didn't stop"),
                    };
                }
                let (frames, input) = gen_take(g, GenAction::Throw(exc.clone()), Resume::Call)?;
                match self.run_gen_sync(sim, frames, input) {
                    Ok(_) => err(
                        ExcClass::RuntimeError,
                        "generator didn't stop after throw()",
                    ),
                    Err(e) => exit_outcome(e, &exc, ExcClass::StopIteration)
                        .map(|b| Some(CallOut::Value(Value::Bool(b)))),
                }
            }
            (Obj::GenCtx(Value::Gen(g), true), "__aenter__") => {
                v(self.after_step(sim, g, GenAction::Send(Value::None), After::Enter))
            }
            (Obj::GenCtx(Value::Gen(g), true), "__aexit__") => {
                if matches!(exc, Value::None) {
                    return v(self.after_step(
                        sim,
                        g,
                        GenAction::Send(Value::None),
                        After::ExitNormally,
                    ));
                }
                v(self.after_step(sim, g, GenAction::Throw(exc.clone()), After::ExitWith(exc)))
            }
            (Obj::GenCtx(other, _), "__enter__" | "__exit__" | "__aenter__" | "__aexit__") => err(
                ExcClass::TypeError,
                format!("'{}' object is not a generator", other.type_name()),
            ),
            (Obj::Suppress(_), "__enter__") => v(Value::None),
            (Obj::Suppress(classes), "__exit__") => {
                let mut hit = false;
                for c in classes {
                    hit = hit || crate::vm::exc_matches(&exc, c)?;
                }
                v(Value::Bool(hit))
            }
            (Obj::Closing(x, false), "__enter__") | (Obj::Closing(x, true), "__aenter__") => {
                let x = x.clone();
                if matches!(o, Obj::Closing(_, true)) {
                    let ready = CoroObj::new_value(
                        Qualname::Static("__aenter__"),
                        self.interp.fresh_id(),
                        CoroBody::Ready(Ok(x)),
                    );
                    return v(ready);
                }
                v(x)
            }
            (Obj::Closing(x, false), "__exit__") => {
                let close = Value::Method(Rc::new((x.clone(), Rc::from("close"))));
                self.call_sync(sim, &close, Vec::new())?;
                v(Value::Bool(false))
            }
            (Obj::Closing(x, true), "__aexit__") => {
                let aclose = Value::Method(Rc::new((x.clone(), Rc::from("aclose"))));
                let aw = self.call_sync(sim, &aclose, Vec::new())?;
                let c = AfterAwait {
                    interp: self.interp.clone(),
                    awaitable: Some(aw),
                    inner: None,
                    after: After::Closed,
                };
                v(native_value(&self.interp, "__aexit__", Box::new(c)))
            }
            _ => Ok(None),
        }
    }

    /// An awaitable that runs a step of async generator `g` and reads its outcome as `after` says.
    fn after_step(
        &mut self,
        sim: &Sim<Value>,
        g: &Rc<GenObj>,
        action: GenAction,
        after: After,
    ) -> Value {
        self.agen_firstiter(sim, g);
        let step = AgenStep {
            gen: g.clone(),
            action,
            mode: Resume::Call,
        };
        let aw = agen_step_value(&self.interp, step);
        let name = if matches!(after, After::Enter) {
            "__aenter__"
        } else {
            "__aexit__"
        };
        let c = AfterAwait {
            interp: self.interp.clone(),
            awaitable: Some(aw),
            inner: None,
            after,
        };
        native_value(&self.interp, name, Box::new(c))
    }
}
