//! `contextlib`: `contextmanager` and `asynccontextmanager` (context
//! managers made from generators), `suppress`, `closing`, `aclosing`,
//! `nullcontext`, `ExitStack` and `AsyncExitStack`.
//!
//! CPython writes these in Python; here they are built on the generator
//! machinery (`generators.rs`).  A sync generator's steps run on a runner
//! of their own (as key functions do); an async generator's steps are
//! awaited on the task's stack through [`AfterAwait`], which runs the step
//! and then interprets its outcome as `contextlib` does.

use std::rc::Rc;

use loopscope_sim::{Coroutine, Sent, Sim, Step};

use crate::front::names::ExcClass;
use crate::runtime::exc::Exc;
use crate::runtime::generators::{agen_step_value, gen_take, AgenStep, GenAction};
use crate::runtime::objects::{CoroBody, CoroObj, GenObj, Obj, Qualname, Resume};
use crate::runtime::ops::{err, PyResult};
use crate::runtime::value::Value;
use crate::runtime::vm::{CallOut, Interp, Runner};

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
        mut a: crate::runtime::builtins::Args,
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
            "contextlib.ExitStack" | "contextlib.AsyncExitStack" => out(obj(Obj::ExitStack(
                std::cell::RefCell::new(Vec::new()),
                name == "contextlib.AsyncExitStack",
            ))),
            "contextlib.nullcontext" => {
                if a.pos.len() > 1 {
                    return err(
                        ExcClass::TypeError,
                        format!(
                            "nullcontext.__init__() takes from 1 to 2 positional arguments but {} were given",
                            a.pos.len() + 1
                        ),
                    );
                }
                let result = match (a.pos.pop(), a.take_kw("enter_result")) {
                    (Some(_), Some(_)) => return err(
                        ExcClass::TypeError,
                        "nullcontext.__init__() got multiple values for argument 'enter_result'",
                    ),
                    (Some(v), None) | (None, Some(v)) => v,
                    (None, None) => Value::None,
                };
                a.no_more_kw("nullcontext.__init__")?;
                out(obj(Obj::NullContext(result)))
            }
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
        recv: &Value,
        o: &Obj,
        name: &str,
        args: &[Value],
        kw: &[(Rc<str>, Value)],
    ) -> PyResult<Option<CallOut>> {
        let exc = args.get(1).cloned().unwrap_or(Value::None);
        let v = |x: Value| Ok(Some(CallOut::Value(x)));
        if let Obj::ExitStack(cbs, is_async) = o {
            return self.exit_stack_method(sim, recv, cbs, *is_async, name, args, kw);
        }
        if matches!(name, "__exit__" | "__aexit__") {
            exit_arguments(o, name, args, &exc)?;
        }
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
            (Obj::NullContext(x), "__enter__") => v(x.clone()),
            (Obj::NullContext(_), "__exit__") => v(Value::None),
            (Obj::NullContext(x), "__aenter__" | "__aexit__") => {
                let out = if name == "__aenter__" {
                    x.clone()
                } else {
                    Value::None
                };
                v(CoroObj::new_value(
                    Qualname::Static(if name == "__aenter__" {
                        "__aenter__"
                    } else {
                        "__aexit__"
                    }),
                    self.interp.fresh_id(),
                    CoroBody::Ready(Ok(out)),
                ))
            }
            (Obj::Suppress(_), "__enter__") => v(Value::None),
            (Obj::Suppress(classes), "__exit__") => {
                let mut hit = false;
                for c in classes {
                    hit = hit || crate::runtime::vm::exc_matches(&exc, c)?;
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

/// One exit an `ExitStack` holds.
pub enum ExitCb {
    /// An exit called with the exception's details: the `__exit__` of a
    /// manager entered with `enter_context` or pushed, or a pushed function.
    Exit(Value),
    /// The same awaited: an `__aexit__` (`enter_async_context`,
    /// `push_async_exit`) or a pushed coroutine function.
    AsyncExit(Value),
    /// `callback(f, *args, **kwargs)`.
    Call(Value),
    /// `push_async_callback(f, *args, **kwargs)`: its coroutine is awaited.
    AsyncCall(Value),
}

/// `f` with its arguments bound, as one callable.
fn bound(f: Value, args: &[Value], kw: &[(Rc<str>, Value)]) -> Value {
    obj(Obj::Partial(f, args.to_vec(), kw.to_vec()))
}

fn method(recv: &Value, name: &str) -> Value {
    Value::Method(Rc::new((recv.clone(), Rc::from(name))))
}

/// The arguments of `__exit__` for the exception being handled (or none).
fn exit_args(pending: &Option<Value>) -> Vec<Value> {
    match pending {
        Some(e @ Value::Exc(x)) => vec![Value::ExcType(x.class), e.clone(), Value::None],
        _ => vec![Value::None, Value::None, Value::None],
    }
}

/// The unwinding of an exit stack, shared by the sync and async forms:
/// the exception still raised, the one the `with` block raised, and
/// whether some exit suppressed an exception.
struct Unwind {
    pending: Option<Value>,
    original: Option<Value>,
    suppressed: bool,
}

impl Unwind {
    fn new(exc: &Value) -> Unwind {
        let original = (!matches!(exc, Value::None)).then(|| exc.clone());
        Unwind {
            pending: original.clone(),
            original,
            suppressed: false,
        }
    }

    /// An exit returned `v` (`is_exit`: it was an `__exit__`, whose truth suppresses).
    fn returned(&mut self, v: &Value, is_exit: bool) {
        if is_exit && v.truthy() && self.pending.is_some() {
            self.pending = None;
            self.suppressed = true;
        }
    }

    /// An exit raised `e`: it replaces the exception, which becomes its context.
    fn raised(&mut self, e: Value) {
        if let (Value::Exc(x), Some(p)) = (&e, &self.pending) {
            if x.context.borrow().is_none() && !p.is(&e) {
                *x.context.borrow_mut() = Some(p.clone());
            }
        }
        self.pending = Some(e);
    }

    /// `__exit__`'s outcome: a new exception is raised; else whether the
    /// block's exception was suppressed.
    fn finish(self) -> PyResult {
        match (self.pending, self.original) {
            (Some(p), Some(o)) if p.is(&o) => Ok(Value::Bool(false)),
            (Some(p), _) => Err(p),
            (None, o) => Ok(Value::Bool(o.is_some() && self.suppressed)),
        }
    }
}

impl Runner {
    /// `ExitStack.enter_context(cm)` checks that `cm` is a context manager
    /// (an asynchronous one for `enter_async_context`) before entering it.
    fn context_manager_protocol(
        &mut self,
        sim: &mut Sim<Value>,
        cm: &Value,
        is_async: bool,
    ) -> PyResult<()> {
        let enter = if is_async { "__aenter__" } else { "__enter__" };
        if self.get_attr(sim, cm, enter).is_ok() {
            return Ok(());
        }
        let class = match cm {
            Value::Instance(_) => format!("__main__.{}", cm.type_name()),
            Value::Obj(_) | Value::Future(_) => cm.tp_name().to_string(),
            _ => format!("builtins.{}", cm.type_name()),
        };
        err(
            ExcClass::TypeError,
            format!(
                "'{class}' object does not support the {}context manager protocol",
                if is_async { "asynchronous " } else { "" }
            ),
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn exit_stack_method(
        &mut self,
        sim: &mut Sim<Value>,
        recv: &Value,
        cbs: &std::cell::RefCell<Vec<ExitCb>>,
        is_async: bool,
        name: &str,
        args: &[Value],
        kw: &[(Rc<str>, Value)],
    ) -> PyResult<Option<CallOut>> {
        let v = |x: Value| Ok(Some(CallOut::Value(x)));
        // The callback or the context manager is required.
        let wants = match (name, is_async) {
            ("callback", _) => Some(("_BaseExitStack", "callback")),
            ("enter_context", _) => Some(("_BaseExitStack", "cm")),
            ("push", _) => Some(("_BaseExitStack", "exit")),
            ("push_async_exit", true) => Some(("AsyncExitStack", "exit")),
            ("push_async_callback", true) => Some(("AsyncExitStack", "callback")),
            ("enter_async_context", true) => Some(("AsyncExitStack", "cm")),
            _ => None,
        };
        if let (Some((class, arg)), true) = (wants, args.is_empty()) {
            return err(
                ExcClass::TypeError,
                format!("{class}.{name}() missing 1 required positional argument: '{arg}'"),
            );
        }
        // How many arguments the rest take, with `self` (as CPython counts).
        let stack = if is_async {
            "AsyncExitStack"
        } else {
            "ExitStack"
        };
        let takes = match name {
            "__enter__" | "__aenter__" | "close" | "aclose" => Some((stack, 1)),
            "pop_all" => Some(("_BaseExitStack", 1)),
            "enter_context" | "push" => Some(("_BaseExitStack", 2)),
            "push_async_exit" => Some(("AsyncExitStack", 2)),
            "enter_async_context" => Some(("AsyncExitStack", 2)),
            _ => None,
        };
        if let Some((class, n)) = takes.filter(|(_, n)| args.len() + 1 > *n) {
            return err(
                ExcClass::TypeError,
                format!(
                    "{class}.{name}() takes {n} positional argument{} but {} were given",
                    if n == 1 { "" } else { "s" },
                    args.len() + 1
                ),
            );
        }
        // `__exit__(*exc_details)` reads its first detail.
        if matches!(name, "__exit__" | "__aexit__") && args.is_empty() {
            return err(ExcClass::IndexError, "tuple index out of range");
        }
        let first = args.first().cloned().unwrap_or(Value::None);
        match (name, is_async) {
            ("__enter__", false) => v(recv.clone()),
            ("__aenter__", true) => v(CoroObj::new_value(
                Qualname::Static("__aenter__"),
                self.interp.fresh_id(),
                CoroBody::Ready(Ok(recv.clone())),
            )),
            ("enter_context", _) => {
                self.context_manager_protocol(sim, &first, false)?;
                let r = self.call_sync(sim, &method(&first, "__enter__"), Vec::new())?;
                cbs.borrow_mut()
                    .push(ExitCb::Exit(method(&first, "__exit__")));
                v(r)
            }
            // A manager's exit, or a function called as one; CPython looks
            // `__exit__` up on the type, so a manager pushed is never called.
            ("push", _) | ("push_async_exit", true) => {
                let is_async = name == "push_async_exit";
                let exit = if is_async { "__aexit__" } else { "__exit__" };
                let f = match self.get_attr(sim, &first, exit) {
                    Ok(m) => m,
                    Err(_) => first.clone(),
                };
                cbs.borrow_mut().push(if is_async {
                    ExitCb::AsyncExit(f)
                } else {
                    ExitCb::Exit(f)
                });
                v(first)
            }
            // A new stack takes every exit; this one is left empty.
            ("pop_all", _) => {
                let taken = std::mem::take(&mut *cbs.borrow_mut());
                v(obj(Obj::ExitStack(
                    std::cell::RefCell::new(taken),
                    is_async,
                )))
            }
            ("callback", _) => {
                cbs.borrow_mut()
                    .push(ExitCb::Call(bound(first.clone(), &args[1..], kw)));
                v(first)
            }
            ("push_async_callback", true) => {
                cbs.borrow_mut()
                    .push(ExitCb::AsyncCall(bound(first.clone(), &args[1..], kw)));
                v(first)
            }
            ("enter_async_context", true) => {
                self.context_manager_protocol(sim, &first, true)?;
                let aw = self.call_sync(sim, &method(&first, "__aenter__"), Vec::new())?;
                let c = EnterAsync {
                    interp: self.interp.clone(),
                    awaitable: Some(aw),
                    inner: None,
                    stack: recv.clone(),
                    cm: first,
                };
                v(native_value(
                    &self.interp,
                    "enter_async_context",
                    Box::new(c),
                ))
            }
            ("__exit__" | "close", false) => {
                let exc = exception_detail(args);
                let mut u = Unwind::new(&exc);
                // One at a time: an exit may push more (they run too, first).
                // The stack is not borrowed while a callback runs, since the
                // callback may push onto it.
                loop {
                    let Some(cb) = cbs.borrow_mut().pop() else {
                        break;
                    };
                    let (f, fargs, is_exit) = match cb {
                        ExitCb::Exit(f) => (f, exit_args(&u.pending), true),
                        ExitCb::Call(f) => (f, Vec::new(), false),
                        ExitCb::AsyncExit(_) | ExitCb::AsyncCall(_) => continue,
                    };
                    match self.call_sync(sim, &f, fargs) {
                        Ok(r) => u.returned(&r, is_exit),
                        Err(e) if self.interp.stop.borrow().is_some() => return Err(e),
                        Err(e) => u.raised(e),
                    }
                }
                let out = u.finish()?;
                v(if name == "close" { Value::None } else { out })
            }
            ("__aexit__" | "aclose", true) => {
                let exc = exception_detail(args);
                let c = AsyncUnwind {
                    interp: self.interp.clone(),
                    stack: recv.clone(),
                    unwind: Some(Unwind::new(&exc)),
                    inner: None,
                    close: name == "aclose",
                };
                v(native_value(&self.interp, "__aexit__", Box::new(c)))
            }
            _ => err(
                ExcClass::AttributeError,
                format!(
                    "'{}' object has no attribute '{name}'",
                    if is_async {
                        "AsyncExitStack"
                    } else {
                        "ExitStack"
                    }
                ),
            ),
        }
    }
}

/// `await stack.enter_async_context(cm)`: awaits `cm.__aenter__()`, then
/// pushes `cm`'s `__aexit__`.
struct EnterAsync {
    interp: Rc<Interp>,
    awaitable: Option<Value>,
    inner: Option<Box<dyn Coroutine<Value>>>,
    stack: Value,
    cm: Value,
}

impl Coroutine<Value> for EnterAsync {
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
        if let Step::Return(_) = &step {
            if let Value::Obj(o) = &self.stack {
                if let Obj::ExitStack(cbs, _) = &**o {
                    cbs.borrow_mut()
                        .push(ExitCb::AsyncExit(method(&self.cm, "__aexit__")));
                }
            }
        }
        step
    }

    fn name(&self) -> String {
        "enter_async_context".into()
    }
}

/// `AsyncExitStack.__aexit__`: runs the exits last first, awaiting the
/// async ones on the task's stack.
struct AsyncUnwind {
    interp: Rc<Interp>,
    stack: Value,
    unwind: Option<Unwind>,
    inner: Option<(Box<dyn Coroutine<Value>>, bool)>,
    close: bool,
}

impl AsyncUnwind {
    fn pop(&self) -> Option<ExitCb> {
        match &self.stack {
            Value::Obj(o) => match &**o {
                Obj::ExitStack(cbs, _) => cbs.borrow_mut().pop(),
                _ => None,
            },
            _ => None,
        }
    }
}

impl Coroutine<Value> for AsyncUnwind {
    fn resume(&mut self, sim: &mut Sim<Value>, sent: Sent<Value>) -> Step<Value> {
        let mut sent = Some(sent);
        let Some(mut u) = self.unwind.take() else {
            return Step::Return(Value::None);
        };
        // A bound, as every loop: each round runs one exit.
        for _ in 0..1_000_000 {
            if let Some((inner, is_exit)) = self.inner.as_mut() {
                let is_exit = *is_exit;
                match inner.resume(sim, sent.take().unwrap_or(Sent::Start)) {
                    Step::Return(v) => u.returned(&v, is_exit),
                    Step::Raise(e) => u.raised(e),
                    other => {
                        self.unwind = Some(u);
                        return other;
                    }
                }
                self.inner = None;
            }
            sent = None;
            let Some(cb) = self.pop() else { break };
            let mut r = Runner::new(self.interp.clone(), Vec::new(), Rc::from("__aexit__"), 0);
            let (f, fargs, is_exit, awaited) = match cb {
                ExitCb::Exit(f) => (f, exit_args(&u.pending), true, false),
                ExitCb::Call(f) => (f, Vec::new(), false, false),
                ExitCb::AsyncExit(f) => (f, exit_args(&u.pending), true, true),
                ExitCb::AsyncCall(f) => (f, Vec::new(), false, true),
            };
            match r.call_sync(sim, &f, fargs) {
                Ok(out) if awaited => match Runner::for_coro(self.interp.clone(), &out) {
                    Ok(c) => self.inner = Some((c, is_exit)),
                    Err(e) => u.raised(e),
                },
                Ok(out) => u.returned(&out, is_exit),
                Err(e) => u.raised(e),
            }
        }
        match u.finish() {
            Ok(_) if self.close => Step::Return(Value::None),
            Ok(v) => Step::Return(v),
            Err(e) => Step::Raise(e),
        }
    }

    fn name(&self) -> String {
        "__aexit__".into()
    }
}

/// The exception an exit is told of (`value` of `typ, value, traceback`):
/// only an exception is one, as only an exception can be raised again.
fn exception_detail(args: &[Value]) -> Value {
    match args.get(1) {
        Some(e @ Value::Exc(_)) => e.clone(),
        _ => Value::None,
    }
}

/// `__exit__(typ, value, traceback)` of the generator context managers and
/// `suppress` takes exactly its three arguments, and a generator's is
/// thrown only an exception (`closing`'s takes any, as in CPython).
fn exit_arguments(o: &Obj, name: &str, args: &[Value], exc: &Value) -> PyResult<()> {
    let (class, params) = match o {
        Obj::GenCtx(_, false) => ("_GeneratorContextManager", ["typ", "value", "traceback"]),
        Obj::GenCtx(_, true) => (
            "_AsyncGeneratorContextManager",
            ["typ", "value", "traceback"],
        ),
        Obj::Suppress(_) => ("suppress", ["exctype", "excinst", "exctb"]),
        _ => return Ok(()),
    };
    let fname = format!("{class}.{name}");
    if args.len() > 3 {
        return err(
            ExcClass::TypeError,
            format!(
                "{fname}() takes 4 positional arguments but {} were given",
                args.len() + 1
            ),
        );
    }
    if args.len() < 3 {
        let missing: Vec<String> = params[args.len()..]
            .iter()
            .map(|p| format!("'{p}'"))
            .collect();
        return crate::runtime::builtins::missing_positional(&fname, &missing);
    }
    if matches!(o, Obj::GenCtx(..)) && !matches!(exc, Value::None | Value::Exc(_)) {
        return err(
            ExcClass::TypeError,
            format!(
                "exceptions must be classes or instances deriving from BaseException, not {}",
                exc.type_name()
            ),
        );
    }
    Ok(())
}
