//! Generators and async generators: resuming their frames, what a `yield`
//! or a `return` in them hands back, and their methods.
//!
//! A generator's frame is resumed on the stack of whichever runner asks
//! for the next value (a `for` loop, `next()`, an `await` of
//! `__anext__()`), as CPython pushes it on the calling thread's frame
//! stack: it runs there, can await there (async generators suspend the
//! task that iterates them), and at `yield` it leaves that stack and goes
//! back into its generator object.  Built-ins that consume a generator
//! (`list(g)`, `sum(g)`) drive it on a runner of their own, one item at a
//! time, as key functions are run.

use std::rc::Rc;

use loopscope_sim::{Sim, Step};

use crate::compile::code::Op;
use crate::front::names::ExcClass;
use crate::runtime::exc::Exc;
use crate::runtime::objects::{CoroBody, CoroObj, GenObj, GenState, IterObj, Qualname, Resume};
use crate::runtime::ops::{err, PyResult};
use crate::runtime::value::Value;
use crate::runtime::vm::{Entry, Frame, Input, Runner};

/// Generator frames to put on a runner's stack, outermost first: one frame,
/// or a `yield from` chain when a `throw()` is passed down to the
/// innermost delegate; none when the outcome is known without running.
pub struct Frames {
    /// The outermost frame, if any.
    pub first: Option<Box<Frame>>,
    /// The delegates below it, in order (empty, so unallocated, in the usual
    /// case).  Boxed: they move onto a runner's stack as boxed frames.
    #[allow(clippy::vec_box)]
    pub rest: Vec<Box<Frame>>,
}

impl Frames {
    fn none() -> Frames {
        Frames {
            first: None,
            rest: Vec::new(),
        }
    }
}

/// What is asked of a generator.
pub enum GenAction {
    /// `next()` / `send(v)` / `__anext__()` / `asend(v)`.
    Send(Value),
    /// `throw(e)` / `athrow(e)`.
    Throw(Value),
    /// `close()` / `aclose()`: `GeneratorExit` is thrown in.
    Close,
    /// `anext(agen, default)`: `__anext__()`, with what exhaustion gives.
    NextOr(Value),
}

/// An awaitable step of an async generator (`__anext__()`, `asend()`,
/// `athrow()`, `aclose()`), not yet awaited.
pub struct AgenStep {
    /// The generator.
    pub gen: Rc<GenObj>,
    /// What to do to it.
    pub action: GenAction,
    /// How the awaiting frame takes the outcome.
    pub mode: Resume,
}

fn stop_exc(g: &GenObj, v: Value) -> Value {
    if g.is_async {
        Exc::value(ExcClass::StopAsyncIteration, "")
    } else {
        let args = if matches!(v, Value::None) {
            vec![]
        } else {
            vec![v]
        };
        Value::Exc(Rc::new(Exc::new(ExcClass::StopIteration, args)))
    }
}

/// Prepares a generator to be resumed by `action`: the frames to push and
/// what the innermost receives (a sent value is already on its stack), or
/// only the outcome when nothing runs (a finished generator, a throw into
/// one not started).  The error is raised in the caller: the generator is
/// already running, or a value is sent into one not started.
pub fn gen_take(g: &Rc<GenObj>, action: GenAction, mode: Resume) -> PyResult<(Frames, Input)> {
    // `anext(agen, default)` is `__anext__()` whose exhaustion gives the default.
    let action = match action {
        GenAction::NextOr(d) => {
            *g.step_default.borrow_mut() = Some(d);
            GenAction::Send(Value::None)
        }
        other => {
            g.step_default.borrow_mut().take();
            other
        }
    };
    let mut state = g.state.borrow_mut();
    let frame = match std::mem::replace(&mut *state, GenState::Running) {
        GenState::Suspended(f) => f,
        GenState::Running => {
            *state = GenState::Running;
            return if g.is_async {
                err(
                    ExcClass::RuntimeError,
                    "anext(): asynchronous generator is already running",
                )
            } else {
                err(ExcClass::ValueError, "generator already executing")
            };
        }
        GenState::Done => {
            *state = GenState::Done;
            let input = match (action, mode) {
                (GenAction::Close, _) => Input::Value(Value::None),
                (GenAction::Throw(e), _) => Input::Throw(e),
                (GenAction::Send(_) | GenAction::NextOr(_), Resume::Iter) => {
                    Input::Exhausted(Value::None)
                }
                (GenAction::Send(_) | GenAction::NextOr(_), Resume::Await) => {
                    Input::Value(Value::None)
                }
                (GenAction::Send(_) | GenAction::NextOr(_), _) => {
                    match g.step_default.borrow_mut().take() {
                        Some(d) => Input::Value(d),
                        None => Input::Throw(stop_exc(g, Value::None)),
                    }
                }
            };
            return Ok((Frames::none(), input));
        }
    };
    let mut frame = frame;
    if !g.started.get() {
        match action {
            GenAction::Send(Value::None) | GenAction::NextOr(_) => {}
            GenAction::Send(_) => {
                *state = GenState::Suspended(frame);
                let what = if g.is_async {
                    "async generator"
                } else {
                    "generator"
                };
                return err(
                    ExcClass::TypeError,
                    format!("can't send non-None value to a just-started {what}"),
                );
            }
            GenAction::Close => {
                *state = GenState::Done;
                return Ok((Frames::none(), Input::Value(Value::None)));
            }
            GenAction::Throw(e) => {
                // Thrown into a generator that never ran: it is raised at
                // its first line and the generator is finished.
                *state = GenState::Done;
                frame.add_tb(&e);
                return Ok((Frames::none(), Input::Throw(e)));
            }
        }
        g.started.set(true);
        g.mode.set(mode);
        frame.gen = Some(g.clone());
        return Ok((
            Frames {
                first: Some(frame),
                rest: Vec::new(),
            },
            Input::Nothing,
        ));
    }
    g.mode.set(mode);
    let input = match action {
        GenAction::Send(v) => {
            frame.stack.push(v);
            Input::Nothing
        }
        GenAction::NextOr(_) => {
            frame.stack.push(Value::None);
            Input::Nothing
        }
        GenAction::Throw(e) => Input::Throw(e),
        GenAction::Close => {
            g.mode.set(Resume::Close);
            Input::Throw(Exc::value(ExcClass::GeneratorExit, ""))
        }
    };
    drop(state);
    // A generator suspended in `yield from` passes a throw (or close) down
    // to the generator it delegates to, which decides.
    if let Input::Throw(e) = &input {
        if let Some(sub) = delegate(&frame) {
            let (mut inner, inner_input) =
                gen_take(&sub, GenAction::Throw(e.clone()), Resume::Iter)?;
            // The delegating frame waits at its `YieldFromSend` again, so
            // that what the delegate yields is yielded on, and its return
            // value continues the `yield from`.
            frame.ip -= 1;
            frame.gen = Some(g.clone());
            let mut rest = Vec::new();
            if let Some(f) = inner.first.take() {
                rest.push(f);
                rest.append(&mut inner.rest);
            }
            return Ok((
                Frames {
                    first: Some(frame),
                    rest,
                },
                inner_input,
            ));
        }
    }
    frame.gen = Some(g.clone());
    Ok((
        Frames {
            first: Some(frame),
            rest: Vec::new(),
        },
        input,
    ))
}

/// The generator a frame suspended in `yield from` delegates to.
fn delegate(frame: &Frame) -> Option<Rc<GenObj>> {
    let ops = &frame.code.ops;
    if frame.ip < 2
        || !matches!(ops.get(frame.ip - 1), Some(Op::Yield))
        || !matches!(ops.get(frame.ip - 2), Some(Op::YieldFromSend(_)))
    {
        return None;
    }
    match frame.stack.last() {
        Some(Value::Gen(g)) => Some(g.clone()),
        _ => None,
    }
}

/// A generator frame yielded `v`: the frame goes back into its generator,
/// and the resumer receives `v` (or, from `close()`, an error).
pub fn gen_yielded(mut f: Box<Frame>, v: Value) -> Input {
    let Some(g) = f.gen.take() else {
        return Input::Throw(Exc::value(
            ExcClass::RuntimeError,
            "'yield' outside a generator frame",
        ));
    };
    let mode = g.mode.get();
    *g.state.borrow_mut() = GenState::Suspended(f);
    if mode == Resume::Close {
        let what = if g.is_async {
            "async generator ignored GeneratorExit"
        } else {
            "generator ignored GeneratorExit"
        };
        return Input::Throw(Exc::value(ExcClass::RuntimeError, what));
    }
    Input::Value(v)
}

/// A generator frame returned `v`: the generator is finished.
pub fn gen_returned(f: &mut Frame, v: Value) -> Input {
    let Some(g) = f.gen.take() else {
        return Input::Value(v);
    };
    *g.state.borrow_mut() = GenState::Done;
    match g.mode.get() {
        Resume::Iter => Input::Exhausted(v),
        Resume::Await => Input::Value(v),
        Resume::Call => match g.step_default.borrow_mut().take() {
            Some(d) => Input::Value(d),
            None => Input::Throw(stop_exc(&g, v)),
        },
        Resume::Close => Input::Value(Value::None),
    }
}

/// An exception left a generator frame: the generator is finished, and a
/// `StopIteration` escaping it becomes a `RuntimeError` (PEP 479).
pub fn gen_raised(g: &GenObj, e: Value) -> Input {
    *g.state.borrow_mut() = GenState::Done;
    let Value::Exc(x) = &e else {
        return Input::Throw(e);
    };
    if g.mode.get() == Resume::Close && x.class == ExcClass::GeneratorExit {
        return Input::Value(Value::None);
    }
    let message = match (g.is_async, x.class) {
        (false, ExcClass::StopIteration) => "generator raised StopIteration",
        (true, ExcClass::StopIteration) => "async generator raised StopIteration",
        (true, ExcClass::StopAsyncIteration) => "async generator raised StopAsyncIteration",
        _ => return Input::Throw(e),
    };
    let new = Exc::value(ExcClass::RuntimeError, message);
    if let Value::Exc(n) = &new {
        *n.cause.borrow_mut() = Some(e.clone());
        *n.context.borrow_mut() = Some(e.clone());
        n.suppress_context.set(true);
    }
    Input::Throw(new)
}

/// The generator a frame iterates is exhausted with return value `v`:
/// a `for` or `async for` loop ends, a `yield from` has its value.
pub fn exhausted(f: &mut Frame, v: Value) {
    let ops = &f.code.ops;
    match ops.get(f.ip.wrapping_sub(1)) {
        Some(Op::ForIter(t)) | Some(Op::AsyncForNext(t)) => {
            f.stack.pop();
            f.ip = *t as usize;
        }
        Some(Op::YieldFromSend(t)) => {
            f.stack.pop();
            f.stack.push(v);
            f.ip = *t as usize;
        }
        // `async for`: the step was awaited right after `AsyncForNext`
        // (a comprehension), or after the handler that a `for` statement
        // sets up for a `StopAsyncIteration` from a class's `__anext__`,
        // which ends with the loop.
        Some(Op::Await) => match (ops.get(f.ip.wrapping_sub(2)), ops.get(f.ip.wrapping_sub(3))) {
            (Some(Op::AsyncForNext(t)), _) => {
                f.stack.pop();
                f.ip = *t as usize;
            }
            (Some(Op::SetupExcept(_)), Some(Op::AsyncForNext(t))) => {
                f.blocks.pop();
                f.stack.pop();
                f.ip = *t as usize;
            }
            _ => f.stack.push(v),
        },
        _ => f.stack.push(v),
    }
}

/// Whether `e` is the `StopAsyncIteration` that ends an async
/// comprehension's loop: the frame has just awaited the step right after
/// its `AsyncForNext`.
pub fn ends_async_comprehension(f: &Frame, e: &Value) -> bool {
    let Value::Exc(x) = e else { return false };
    x.class == crate::front::names::ExcClass::StopAsyncIteration
        && x.user.is_none()
        && matches!(f.code.ops.get(f.ip.wrapping_sub(1)), Some(Op::Await))
        && matches!(
            f.code.ops.get(f.ip.wrapping_sub(2)),
            Some(Op::AsyncForNext(_))
        )
}

/// A coroutine object for an async generator step.
pub fn agen_step_value(interp: &crate::runtime::vm::Interp, step: AgenStep) -> Value {
    // CPython's names of the awaitables these methods return, which is
    // what a task running one (`aclose()` at shutdown) shows.
    let name = match &step.action {
        GenAction::Close | GenAction::Throw(_) => "async_generator_athrow",
        GenAction::Send(_) | GenAction::NextOr(_) => "async_generator_asend",
    };
    CoroObj::new_value(
        Qualname::Static(name),
        interp.fresh_id(),
        CoroBody::AgenStep(Box::new(step)),
    )
}

impl Runner {
    /// Puts generator frames on the stack; returns what the innermost receives.
    pub(crate) fn push_gen_frames(&mut self, frames: Frames, input: Input) -> Input {
        let Frames { first, rest } = frames;
        let Some(first) = first else {
            return input;
        };
        if self.py_depth() + 1 + rest.len() >= self.interp.limits.max_depth {
            for f in std::iter::once(first).chain(rest) {
                if let Some(g) = &f.gen {
                    *g.state.borrow_mut() = GenState::Done;
                }
            }
            return Input::Throw(Exc::value(
                ExcClass::RecursionError,
                "maximum recursion depth exceeded",
            ));
        }
        self.stack.push(Entry::Py(first));
        for f in rest {
            self.stack.push(Entry::Py(f));
        }
        input
    }

    /// Runs generator frames on a runner of their own until they yield
    /// (the value) or finish (the exception: `StopIteration` when exhausted).
    pub(crate) fn run_gen_sync(
        &mut self,
        sim: &mut Sim<Value>,
        frames: Frames,
        input: Input,
    ) -> PyResult {
        if frames.first.is_none() {
            return outcome_of(input);
        }
        if self.sync_nesting() >= crate::runtime::vm::MAX_SYNC_NESTING {
            drop_frames(frames);
            return err(ExcClass::RecursionError, "maximum recursion depth exceeded");
        }
        let mut sub = self.sub_runner();
        step_on(&mut sub, sim, frames, input)
    }

    /// `next(g)` driven from Rust: `Some(item)`, or `None` when exhausted.
    pub(crate) fn gen_next_sync(
        &mut self,
        sim: &mut Sim<Value>,
        g: &Rc<GenObj>,
    ) -> PyResult<Option<Value>> {
        let (frames, input) = gen_take(g, GenAction::Send(Value::None), Resume::Call)?;
        match self.run_gen_sync(sim, frames, input) {
            Ok(v) => Ok(Some(v)),
            Err(Value::Exc(x)) if x.class == ExcClass::StopIteration => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The next item of any iterator, generators and lazy wrappers included.
    pub(crate) fn next_item(
        &mut self,
        sim: &mut Sim<Value>,
        it: &Value,
    ) -> PyResult<Option<Value>> {
        match it {
            Value::Gen(g) if !g.is_async => self.gen_next_sync(sim, g),
            Value::Instance(_) => self.user_next(sim, it),
            Value::Iter(i) => {
                let lazy = matches!(&*i.borrow(), IterObj::Enumerate(..) | IterObj::Zip(_));
                if !lazy {
                    // Plain iterators, and `itertools`' lazy ones.
                    return self.next_of(sim, it);
                }
                self.gen_zip_next(sim, i)
            }
            // Its items may have to be waited for, which only a `for` loop
            // or `next()` can do (they suspend the thread).
            Value::Obj(o) if matches!(&**o, crate::runtime::objects::Obj::AsCompleted(_)) => err(
                ExcClass::TypeError,
                "concurrent.futures.as_completed() can only be iterated by a for loop or next() here",
            ),
            other => err(
                ExcClass::TypeError,
                format!("'{}' object is not an iterator", other.type_name()),
            ),
        }
    }

    /// The next item of `enumerate` or `zip` over generators.
    fn gen_zip_next(
        &mut self,
        sim: &mut Sim<Value>,
        i: &Rc<std::cell::RefCell<IterObj>>,
    ) -> PyResult<Option<Value>> {
        // The parts are cloned out: the generator's code may touch this
        // iterator again while it runs.
        let (inner, count) = match &*i.borrow() {
            IterObj::Enumerate(inner, n) => (vec![inner.clone()], Some(*n)),
            IterObj::Zip(parts) => (parts.clone(), None),
            _ => return Ok(None),
        };
        let mut items = Vec::with_capacity(inner.len());
        for part in &inner {
            match self.next_item(sim, part)? {
                Some(v) => items.push(v),
                None => return Ok(None),
            }
        }
        crate::runtime::builtins::add_work(1);
        if let Some(n) = count {
            if let IterObj::Enumerate(_, k) = &mut *i.borrow_mut() {
                *k = n + 1;
            }
            let v = items.pop().unwrap_or(Value::None);
            return Ok(Some(Value::new_tuple(vec![Value::Int(n), v])));
        }
        if inner.is_empty() {
            return Ok(None);
        }
        Ok(Some(Value::new_tuple(items)))
    }

    /// Whether a value needs a runner to iterate (a generator, or a lazy
    /// wrapper of one).
    pub(crate) fn needs_runner(v: &Value) -> bool {
        match v {
            Value::Gen(g) => !g.is_async,
            Value::Iter(i) => matches!(&*i.borrow(), IterObj::Enumerate(..) | IterObj::Zip(_)),
            Value::Obj(o) => matches!(&**o, crate::runtime::objects::Obj::AsCompleted(_)),
            _ => false,
        }
    }

    /// All items of an iterable, running generators as needed.
    pub(crate) fn drain(&mut self, sim: &mut Sim<Value>, v: &Value) -> PyResult<Vec<Value>> {
        if !Runner::needs_runner(v) {
            return crate::runtime::builtins::iterate_simple(v);
        }
        let max = self.interp.limits.max_collection;
        let mut out = Vec::new();
        if let Value::Gen(g) = v {
            // One runner for every item: `sum(g)` over a million items
            // makes it once.
            if self.sync_nesting() >= crate::runtime::vm::MAX_SYNC_NESTING {
                return err(ExcClass::RecursionError, "maximum recursion depth exceeded");
            }
            let mut sub = self.sub_runner();
            loop {
                let (frames, input) = gen_take(g, GenAction::Send(Value::None), Resume::Call)?;
                let item = if frames.first.is_none() {
                    outcome_of(input)
                } else {
                    step_on(&mut sub, sim, frames, input)
                };
                match item {
                    Ok(x) => {
                        if out.len() >= max {
                            return err(
                                ExcClass::MemoryError,
                                format!("list larger than the limit of {max} items"),
                            );
                        }
                        out.push(x);
                    }
                    Err(Value::Exc(x)) if x.class == ExcClass::StopIteration => return Ok(out),
                    Err(e) => return Err(e),
                }
                crate::runtime::builtins::add_work(1);
                if self.interp.fold_work() {
                    return err(ExcClass::RuntimeError, "the operations limit was reached");
                }
            }
        }
        while let Some(x) = self.next_item(sim, v)? {
            if out.len() >= max {
                return err(
                    ExcClass::MemoryError,
                    format!("list larger than the limit of {max} items"),
                );
            }
            out.push(x);
            crate::runtime::builtins::add_work(1);
            if self.interp.fold_work() {
                return err(ExcClass::RuntimeError, "the operations limit was reached");
            }
        }
        Ok(out)
    }

    /// Built-ins that take iterators lazily (`next`, `iter`, `any`, `all`,
    /// `enumerate`, `zip`) when one is a generator; other built-ins get the
    /// generators in their arguments drained into lists first.
    pub(crate) fn gen_builtin(
        &mut self,
        sim: &mut Sim<Value>,
        name: &str,
        a: &mut crate::runtime::builtins::Args,
    ) -> PyResult<Option<Value>> {
        if !a.pos.iter().any(Runner::needs_runner) {
            return Ok(None);
        }
        match name {
            "next" => {
                let it = a.pos[0].clone();
                return match self.next_item(sim, &it)? {
                    Some(v) => Ok(Some(v)),
                    None => match a.pos.get(1) {
                        Some(d) => Ok(Some(d.clone())),
                        None => err(ExcClass::StopIteration, ""),
                    },
                };
            }
            "iter" => return Ok(Some(a.pos[0].clone())),
            "any" | "all" => {
                let it = a.pos[0].clone();
                let want = name == "any";
                while let Some(v) = self.next_item(sim, &it)? {
                    if v.truthy() == want {
                        return Ok(Some(Value::Bool(want)));
                    }
                }
                return Ok(Some(Value::Bool(!want)));
            }
            "enumerate" => {
                let start = match a.get(1, "start") {
                    Some(Value::Int(i)) => i,
                    _ => 0,
                };
                let inner = a.pos[0].clone();
                return Ok(Some(Value::Iter(Rc::new(std::cell::RefCell::new(
                    IterObj::Enumerate(inner, start),
                )))));
            }
            "zip" if a.kw.is_empty() => {
                let mut parts = Vec::with_capacity(a.pos.len());
                for p in &a.pos {
                    parts.push(if Runner::needs_runner(p) {
                        p.clone()
                    } else {
                        crate::runtime::builtins::get_iter(p)?
                    });
                }
                return Ok(Some(Value::Iter(Rc::new(std::cell::RefCell::new(
                    IterObj::Zip(parts),
                )))));
            }
            "print" | "repr" | "str" | "id" | "type" | "isinstance" | "hash" | "callable"
            | "len" | "format" | "bool" => return Ok(None),
            _ => {}
        }
        for i in 0..a.pos.len() {
            if Runner::needs_runner(&a.pos[i]) {
                let v = a.pos[i].clone();
                let items = self.drain(sim, &v)?;
                a.pos[i] = Value::new_list(items);
            }
        }
        Ok(None)
    }

    /// `g.send(v)`, `g.throw(e)`, `g.close()`, `g.__next__()` and the async
    /// generator methods, or `None` if `name` is not one.
    pub(crate) fn gen_method(
        &mut self,
        sim: &mut Sim<Value>,
        g: &Rc<GenObj>,
        name: &str,
        args: Vec<Value>,
    ) -> PyResult<Option<crate::runtime::vm::CallOut>> {
        use crate::runtime::vm::CallOut;
        let arg = args.into_iter().next();
        if g.is_async {
            let (action, mode) = match name {
                "__anext__" => (GenAction::Send(Value::None), Resume::Call),
                "asend" => (GenAction::Send(arg.unwrap_or(Value::None)), Resume::Call),
                "athrow" => (GenAction::Throw(thrown(arg)?), Resume::Call),
                "aclose" => (GenAction::Close, Resume::Close),
                "__aiter__" => return Ok(Some(CallOut::Value(Value::Gen(g.clone())))),
                _ => return Ok(None),
            };
            self.agen_firstiter(sim, g);
            let step = AgenStep {
                gen: g.clone(),
                action,
                mode,
            };
            return Ok(Some(CallOut::Value(agen_step_value(&self.interp, step))));
        }
        let action = match name {
            "__next__" => GenAction::Send(Value::None),
            "send" => GenAction::Send(arg.unwrap_or(Value::None)),
            "throw" => GenAction::Throw(thrown(arg)?),
            "close" => GenAction::Close,
            "__iter__" => return Ok(Some(CallOut::Value(Value::Gen(g.clone())))),
            _ => return Ok(None),
        };
        let mode = if matches!(action, GenAction::Close) {
            Resume::Close
        } else {
            Resume::Call
        };
        let (frames, input) = gen_take(g, action, mode)?;
        Ok(Some(CallOut::Resume(frames, input)))
    }

    /// CPython's `firstiter` hook (`sys.set_asyncgen_hooks`, installed by
    /// the event loop): the first step of an async generator while a loop
    /// runs registers it, so that `shutdown_asyncgens` closes it if it is
    /// still unfinished when `asyncio.run` ends.
    #[inline(never)]
    pub(crate) fn agen_firstiter(&mut self, sim: &Sim<Value>, g: &Rc<GenObj>) {
        if g.hooked.get() || !sim.loop_running() {
            return;
        }
        g.hooked.set(true);
        self.interp.asyncgens.borrow_mut().push(Rc::downgrade(g));
    }
}

/// The outcome when no frame has to run.
fn outcome_of(input: Input) -> PyResult {
    match input {
        Input::Value(v) => Ok(v),
        Input::Nothing => Ok(Value::None),
        Input::Throw(e) => Err(e),
        Input::Exhausted(v) => Err(stop_exc_sync(v)),
    }
}

fn stop_exc_sync(v: Value) -> Value {
    let args = if matches!(v, Value::None) {
        vec![]
    } else {
        vec![v]
    };
    Value::Exc(Rc::new(Exc::new(ExcClass::StopIteration, args)))
}

/// Runs generator frames on `sub` (empty) until they yield or finish.
fn step_on(sub: &mut Runner, sim: &mut Sim<Value>, frames: Frames, input: Input) -> PyResult {
    let input = sub.push_gen_frames(frames, input);
    let step = stacker::maybe_grow(64 * 1024, 1024 * 1024, || sub.drive(sim, input));
    match step {
        Step::Return(v) => Ok(v),
        Step::Raise(e) => Err(e),
        _ => {
            // The generator tried to block or await inside a built-in
            // that drives it: it cannot be resumed later.
            for e in sub.stack.drain(..) {
                if let Entry::Py(f) = e {
                    if let Some(g) = &f.gen {
                        *g.state.borrow_mut() = GenState::Done;
                    }
                }
            }
            err(
                ExcClass::RuntimeError,
                "a generator consumed by a built-in cannot block or await",
            )
        }
    }
}

fn drop_frames(frames: Frames) {
    for f in frames.first.into_iter().chain(frames.rest) {
        if let Some(g) = &f.gen {
            *g.state.borrow_mut() = GenState::Done;
        }
    }
}

/// Something dropped while suspended, to be closed as CPython closes it
/// when its last reference goes.
pub enum Dropped {
    /// A generator: its frame, its qualname, and whether it is asynchronous.
    Gen(Box<Frame>, Rc<str>, bool),
    /// A coroutine suspended by hand (`coro.send`): its state, name and id.
    ByHand(
        Box<crate::runtime::by_hand::ByHand>,
        crate::runtime::objects::Qualname,
        usize,
    ),
}

thread_local! {
    /// What was dropped while suspended, waiting to be closed by the
    /// interpreter (a `Drop` cannot run Python code).
    static DROPPED: std::cell::RefCell<Vec<Dropped>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Queues something dropped while suspended.
pub fn dropped(entry: Dropped) {
    // The thread is ending and its queue is gone: nothing will run again,
    // so the entry is let go without being freed.
    let _ = DROPPED.try_with(|d| d.borrow_mut().push(entry));
}

/// Frees, without closing, what was queued on this thread (at the end of a
/// run, and before the next).
pub fn forget_dropped() {
    // Freeing a frame may drop more generators, which queue again: a chain
    // of suspended generators, each holding the one before, frees one link
    // a round.  It ends: a generator queues itself once, when its last
    // reference goes.  (Letting the rest go after some rounds leaked the
    // chain, and every later run in the process had that much less room.)
    loop {
        let old = DROPPED.with(|d| std::mem::take(&mut *d.borrow_mut()));
        if old.is_empty() {
            return;
        }
        for entry in old {
            if let Dropped::Gen(f, ..) = entry {
                crate::runtime::value::release(crate::runtime::value::Garbage::Frame(f));
            }
        }
    }
}

/// Whether dropped generators or coroutines wait to be closed.
pub fn any_dropped() -> bool {
    DROPPED.with(|d| !d.borrow().is_empty())
}

/// A generator object around the frame of a dropped one, for closing it.
fn revive(frame: Box<Frame>, qualname: Rc<str>, is_async: bool) -> Rc<GenObj> {
    let def_line = frame.code.first_line;
    Rc::new(GenObj {
        is_async,
        qualname,
        state: std::cell::RefCell::new(GenState::Suspended(frame)),
        started: std::cell::Cell::new(true),
        mode: std::cell::Cell::new(Resume::Call),
        // Not registered: it is finalised once, here, and if it ignores
        // that it is dropped for good (see `GenObj`'s `Drop`).
        hooked: std::cell::Cell::new(false),
        def_line,
        iterable_coroutine: std::cell::Cell::new(false),
        step_default: std::cell::RefCell::new(None),
    })
}

impl Runner {
    /// Closes the generators dropped while suspended: a plain generator's
    /// `close()` runs at once, on a runner of its own (its errors are
    /// reported, not raised, as CPython's "Exception ignored in"); an async
    /// generator's `aclose()` is scheduled as a task, as the event loop's
    /// finaliser hook does (`call_soon_threadsafe(create_task, agen.aclose())`).
    #[inline(never)]
    pub(crate) fn finalise_dropped(&mut self, sim: &mut Sim<Value>) {
        // Closing one may drop others (a chain, each holding the next): the
        // outermost call closes them one after another, rather than each
        // inside the last until the nesting bound fails them all.
        if self.interp.finalising.replace(true) {
            return;
        }
        self.finalise_queue(sim);
        self.interp.finalising.set(false);
    }

    /// The loop of [`Runner::finalise_dropped`].
    fn finalise_queue(&mut self, sim: &mut Sim<Value>) {
        // A bound, as every loop over what the program made: closing one
        // generator may drop others, which are closed in the next rounds.
        for _ in 0..10_000 {
            let Some(entry) = DROPPED.with(|d| d.borrow_mut().pop()) else {
                return;
            };
            let (frame, qualname, is_async) = match entry {
                Dropped::Gen(frame, qualname, is_async) => (frame, qualname, is_async),
                Dropped::ByHand(state, qualname, id) => {
                    let coro = CoroObj::new_value(qualname, id, CoroBody::ByHand(state));
                    if let Value::Coro(c) = &coro {
                        self.finalise_by_hand(sim, c);
                    }
                    if self.interp.stop.borrow().is_some() {
                        return;
                    }
                    continue;
                }
            };
            let g = revive(frame, qualname, is_async);
            if is_async {
                if !sim.loop_running() {
                    continue;
                }
                let step = AgenStep {
                    gen: g,
                    action: GenAction::Close,
                    mode: Resume::Close,
                };
                let aclose = agen_step_value(&self.interp, step);
                let job = self.job(Value::Builtin("asyncio.create_task"), vec![aclose], vec![]);
                sim.call_soon_threadsafe(job);
                continue;
            }
            self.finalise(sim, g);
            if self.interp.stop.borrow().is_some() {
                return;
            }
        }
    }

    /// Closes plain generator `g` as its finaliser does: once, with an
    /// error reported as CPython's "Exception ignored in" rather than raised.
    pub(crate) fn finalise(&mut self, sim: &mut Sim<Value>, g: Rc<GenObj>) {
        let outcome = gen_take(&g, GenAction::Close, Resume::Close).and_then(|(frames, input)| {
            // Closed once: if it yields instead, it is then dropped for good.
            g.started.set(false);
            self.run_gen_sync(sim, frames, input)
        });
        if let Err(e) = outcome {
            self.report_ignored(sim, &Value::Gen(g), &e);
        }
    }

    /// CPython's "Exception ignored in" for `e`, raised while finalising
    /// `what` (nothing once a limit has stopped the run).
    pub(crate) fn report_ignored(&self, sim: &mut Sim<Value>, what: &Value, e: &Value) {
        if self.interp.stop.borrow().is_some() {
            return;
        }
        let text = crate::runtime::traceback::format(e);
        sim.eprint(&format!("Exception ignored in: {}\n{text}", what.repr()));
    }
}

/// The coroutine of `loop.shutdown_asyncgens()`: closes every async
/// generator the loop's `firstiter` hook registered that is still
/// unfinished, with `gather(*[ag.aclose() ...], return_exceptions=True)`.
pub fn shutdown_asyncgens(
    interp: &std::rc::Weak<crate::runtime::vm::Interp>,
) -> Box<dyn loopscope_sim::Coroutine<Value>> {
    Box::new(ShutdownAsyncgens {
        interp: interp.clone(),
        started: false,
    })
}

struct ShutdownAsyncgens {
    interp: std::rc::Weak<crate::runtime::vm::Interp>,
    started: bool,
}

impl loopscope_sim::Coroutine<Value> for ShutdownAsyncgens {
    fn resume(&mut self, sim: &mut Sim<Value>, sent: loopscope_sim::Sent<Value>) -> Step<Value> {
        if let loopscope_sim::Sent::Throw(e) = sent {
            return Step::Raise(e);
        }
        if self.started {
            return Step::Return(Value::None);
        }
        self.started = true;
        let Some(interp) = self.interp.upgrade() else {
            return Step::Return(Value::None);
        };
        let live: Vec<Rc<GenObj>> = std::mem::take(&mut *interp.asyncgens.borrow_mut())
            .into_iter()
            .filter_map(|w| w.upgrade())
            .filter(|g| !g.is_done())
            .collect();
        if live.is_empty() {
            return Step::Return(Value::None);
        }
        let closing: Vec<Value> = live
            .into_iter()
            .map(|g| {
                let step = AgenStep {
                    gen: g,
                    action: GenAction::Close,
                    mode: Resume::Close,
                };
                agen_step_value(&interp, step)
            })
            .collect();
        let mut r = Runner::new(
            interp.clone(),
            Vec::new(),
            Rc::from("shutdown_asyncgens"),
            0,
        );
        let kw = vec![(Rc::from("return_exceptions"), Value::Bool(true))];
        match r.call_value(sim, Value::Builtin("asyncio.gather"), closing, kw) {
            Ok(crate::runtime::vm::CallOut::Value(Value::Future(f))) => Step::Await(f),
            Ok(_) => Step::Return(Value::None),
            Err(e) => Step::Raise(e),
        }
    }

    fn name(&self) -> String {
        "shutdown_asyncgens".into()
    }
}

/// What `gen.throw(x)` throws: an exception, or an exception class made
/// one; anything else is CPython's `TypeError` for `throw`.
/// The exception `throw(arg)` raises: an instance, or one made from a class.
pub(crate) fn thrown(arg: Option<Value>) -> PyResult {
    let v = arg.unwrap_or(Value::None);
    let type_name = v.type_name();
    crate::runtime::vm::make_exception(v).map_err(|_| {
        crate::runtime::exc::Exc::value(
            crate::front::names::ExcClass::TypeError,
            format!(
                "exceptions must be classes or instances deriving from BaseException, not {type_name}"
            ),
        )
    })
}
