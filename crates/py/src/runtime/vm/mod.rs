//! The interpreter: resumable frame stacks that run compiled code on the model.
//!
//! Each piece of user code the model drives (a task's coroutine, a worker
//! thread's function, the module body, a callback) is a [`Runner`]: an
//! explicit stack of frames.  Calls push frames instead of recursing in
//! Rust, so any frame can suspend in the middle of an expression (`await`,
//! `time.sleep`) and be resumed later exactly where it stopped.

mod handlers;

use handlers::{call_kw_args, op_class_body, with_exit_args};

use std::cell::{Cell as StdCell, RefCell};
use std::rc::Rc;

use loopscope_sim::{Coroutine, FutureId, Sent, Sim, Span, Step};

use crate::compile::code::{Code, Op};
use crate::compile::Program;
use crate::front::names::ExcClass;
use crate::runtime::exc::{Exc, TbEntry};
use crate::runtime::function::{Cell, Function};
use crate::runtime::library::random::Mt19937;
use crate::runtime::limits::Limits;
use crate::runtime::objects::{CoroBody, CoroObj, IterObj, Qualname};
use crate::runtime::ops::{err, PyResult};
use crate::runtime::value::{Dict, Value};

/// State shared by every runner of one program run.
pub struct Interp {
    /// Module-level variables by slot.
    pub globals: RefCell<Vec<Option<Value>>>,
    /// The compiled program.
    pub program: Program,
    /// Configured limits.
    pub limits: Limits,
    /// Operations executed so far, over all threads and tasks.
    pub ops: StdCell<u64>,
    /// Set when a limit stopped the run: the message to report.
    pub stop: RefCell<Option<crate::runtime::limits::Limit>>,
    /// Everything written to stdout: (virtual time of the write, text).
    pub stdout: RefCell<Vec<(f64, String)>>,
    /// `random`'s generator.
    pub rng: RefCell<Mt19937>,
    /// Counter for object ids in reprs.
    pub next_id: StdCell<usize>,
    /// Whether Python code costs virtual CPU time.
    pub cpu_cost: bool,
    /// Tasks created so far (for the task limit).
    pub tasks: StdCell<usize>,
    /// How many `functools` wrappers are calling one another now.
    pub wrap_depth: StdCell<usize>,
    /// Whether a `__hash__` is running for a dict key (see `Runner::refresh_hash`).
    pub hashing: StdCell<bool>,
    /// Threads started so far (for the thread limit and `Thread-N` names).
    pub threads: StdCell<usize>,
    /// Lines that already warned about a coroutine never awaited.
    pub warned_lines: RefCell<std::collections::HashSet<u32>>,
    /// Each task's coroutine object (indexed by task number), for the line
    /// numbers of task reprs.  Task numbers are dense, so a vector does the
    /// work of a map without hashing on every task step.
    pub task_coros: RefCell<Vec<Option<Rc<RefCell<CoroObj>>>>>,
    /// The current `contextvars` context (a task's own while it runs).
    pub context: RefCell<Rc<crate::runtime::library::contextvars::Context>>,
    /// The context a task about to be created runs in (`create_task(context=)`).
    pub task_context: RefCell<Option<Rc<crate::runtime::library::contextvars::Context>>>,
    /// `logging`'s configuration.
    pub logging: RefCell<crate::runtime::library::logging::LogState>,
    /// Bytes the program has written to stdout and stderr.
    pub written: StdCell<usize>,
    /// The host's memory gauge (see `Options::memory_in_use`).
    pub memory_in_use: Option<crate::runtime::limits::MemoryGauge>,
    /// Event loops as the program sees them (`aio_loop`).
    pub aio: RefCell<crate::runtime::library::aio_loop::AioState>,
    /// Async generators the running loop's `firstiter` hook registered
    /// (CPython's `loop._asyncgens`, a weak set), for `shutdown_asyncgens`.
    pub asyncgens: RefCell<Vec<std::rc::Weak<crate::runtime::objects::GenObj>>>,
    /// Steps of coroutines driven by hand now running inside one another
    /// (`by_hand`), bounded by [`MAX_SYNC_NESTING`].
    pub by_hand: StdCell<usize>,
    /// Whether dropped generators and coroutines are being closed now
    /// (`generators::finalise_dropped` does not nest).
    pub finalising: StdCell<bool>,
}

impl Interp {
    /// Stops the run at `limit`: every runner unwinds at its next step.
    pub fn stop_at(&self, limit: crate::runtime::limits::Limit) -> Value {
        let exc = Exc::value(ExcClass::RuntimeError, limit.to_string());
        *self.stop.borrow_mut() = Some(limit);
        exc
    }

    /// The exception that unwinds a runner once a limit has stopped the run.
    pub fn stopped(&self) -> Value {
        let msg = self.stop.borrow().as_ref().map(|l| l.to_string());
        Exc::value(ExcClass::RuntimeError, msg.unwrap_or_default())
    }

    /// Stops the run when the host reports more memory in use than allowed.
    pub fn check_memory(&self) -> Result<(), Value> {
        let Some(crate::runtime::limits::MemoryGauge(gauge)) = self.memory_in_use else {
            return Ok(());
        };
        let used = gauge();
        if used > self.limits.max_memory {
            return Err(self.stop_at(crate::runtime::limits::Limit::Memory {
                used,
                limit: self.limits.max_memory,
            }));
        }
        Ok(())
    }
}

/// What every call site in the interpreter loop does with a call's outcome:
/// a finished call leaves its value on the stack, a Python callee becomes
/// the running frame (`continue` the frame loop), anything else leaves the
/// loop; an error is handed on as the step's result.
macro_rules! after_call {
    ($runner:ident, $frame:ident, $frames:lifetime, $call:expr) => {{
        let result = $call;
        // Work a built-in did item by item counts against the operations
        // limit as soon as the call returns.
        if $runner.interp.fold_work() {
            return Flow::Fatal;
        }
        match result {
            Ok(out) => match $runner.finish_call($frame, out) {
                None => Ok(()),
                Some(Flow::Call(new)) => match $runner.enter_frame($frame, new) {
                    Ok(()) => continue $frames,
                    Err(e) => Err(e),
                },
                Some(fl) => return fl,
            },
            // A limit reached stops the run: the error it raised must not be
            // caught by the program, which would go on running past it.
            Err(_) if $runner.interp.stop.borrow().is_some() => return Flow::Fatal,
            Err(e) => Err(e),
        }
    }};
}

impl Interp {
    /// Adds the work built-ins did since the last call (see
    /// `builtins::add_work`) to the operations count; `true` when that
    /// passes the limit, which then stops the run.
    pub fn fold_work(&self) -> bool {
        if let Some(used) = crate::runtime::builtins::take_memory_over() {
            self.stop_at(crate::runtime::limits::Limit::Memory {
                used,
                limit: self.limits.max_memory,
            });
            return true;
        }
        let work = crate::runtime::builtins::take_work();
        if work == 0 {
            return false;
        }
        let done = self.ops.get() + work;
        self.ops.set(done);
        if done > self.limits.max_ops {
            self.stop_at(crate::runtime::limits::Limit::Operations {
                done,
                limit: self.limits.max_ops,
            });
            return true;
        }
        false
    }

    /// A fresh id for reprs.
    pub fn fresh_id(&self) -> usize {
        let i = self.next_id.get() + 1;
        self.next_id.set(i);
        i
    }
}

/// The kinds of handler blocks a frame can be inside.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// `try` with `except` clauses.
    Except,
    /// `try` with `finally`, or a `with` body.
    Finally,
    /// Running an `except`/`finally` handler for an exception.
    Handler,
}

/// One entry of a frame's block stack.
#[derive(Clone, Copy, Debug)]
pub struct Block {
    kind: BlockKind,
    handler: u32,
    depth: u32,
}

/// One activation of a function.
pub struct Frame {
    /// The code being run.
    pub code: Rc<Code>,
    /// Next instruction.
    pub ip: usize,
    /// The value stack.
    pub stack: Vec<Value>,
    /// Local variables.
    pub locals: Vec<Option<Value>>,
    /// Own cells, then free cells.
    pub cells: Vec<Cell>,
    pub(crate) blocks: Vec<Block>,
    exc_stack: Vec<Value>,
    /// The coroutine object this frame is the body of, if any.
    pub coro: Option<Rc<RefCell<CoroObj>>>,
    /// The generator this frame is the body of, while it runs (at a
    /// `yield` the frame goes back into the generator and this is cleared,
    /// so that the two never hold each other).
    pub gen: Option<Rc<crate::runtime::objects::GenObj>>,
    /// The next value sent in is not a result (after a CPU-time pause).
    discard_input: bool,
    /// For an `__init__` frame: the new object, which the call gives
    /// instead of what `__init__` returns.
    pub init_result: Option<Value>,
    /// For the body of a function behind `lru_cache`: the caches that keep
    /// what it returns (several when caches are stacked).  The body runs on
    /// the caller's stack like any call, so memoised recursion is as deep
    /// as plain recursion and costs no native stack.
    pub cache_into: Vec<crate::runtime::library::collections::CacheSlot>,
}

impl Frame {
    /// A new frame for `code` with its locals and cells set.
    pub fn new(code: Rc<Code>, locals: Vec<Option<Value>>, cells: Vec<Cell>) -> Frame {
        Frame {
            code,
            ip: 0,
            stack: Vec::with_capacity(8),
            locals,
            cells,
            blocks: Vec::new(),
            exc_stack: Vec::new(),
            coro: None,
            gen: None,
            discard_input: false,
            init_result: None,
            cache_into: Vec::new(),
        }
    }

    fn span(&self) -> Span {
        let s = self
            .code
            .spans
            .get(self.ip.saturating_sub(1))
            .copied()
            .unwrap_or_default();
        Span {
            line: s.line,
            col: s.col,
        }
    }

    #[inline]
    pub(crate) fn pop(&mut self) -> Value {
        self.stack.pop().unwrap_or(Value::None)
    }

    fn top(&self) -> &Value {
        self.stack.last().unwrap_or(&Value::None)
    }

    pub(crate) fn add_tb(&self, exc: &Value) {
        if let Value::Exc(e) = exc {
            let sp = self
                .code
                .spans
                .get(self.ip.saturating_sub(1))
                .copied()
                .unwrap_or_default();
            let line = if sp.line == 0 {
                self.code.first_line
            } else {
                sp.line
            };
            let text = self
                .code
                .source
                .as_ref()
                .map(|s| Rc::from(s.line_text(line)))
                .unwrap_or_else(|| Rc::from(""));
            e.traceback.borrow_mut().push(TbEntry {
                line,
                func: self.code.name.clone(),
                text,
                span: sp,
            });
        }
    }

    /// Unwinds to the innermost handler, or gives the exception back.
    fn unwind(&mut self, exc: Value) -> Result<(), Value> {
        // Only an exception is ever raised: a library path that let any
        // other value through (a context manager's `__exit__` once threw
        // its argument) would otherwise pass every `except` clause, even
        // `except BaseException`, and end the program.
        let exc = match exc {
            Value::Exc(_) => exc,
            _ => Exc::value(
                ExcClass::TypeError,
                "exceptions must derive from BaseException",
            ),
        };
        while let Some(b) = self.blocks.pop() {
            match b.kind {
                BlockKind::Handler => {
                    self.exc_stack.pop();
                }
                BlockKind::Except | BlockKind::Finally => {
                    self.stack.truncate(b.depth as usize);
                    self.stack.push(exc);
                    self.ip = b.handler as usize;
                    return Ok(());
                }
            }
        }
        Err(exc)
    }
}

/// Moves the top `nargs` values of `stack` into the empty `locals`, in
/// order, and leaves the other `nlocals - nargs` slots unbound.  Written
/// out (rather than `extend(drain(..))` and `resize`) so that it stays
/// inline on the call fast paths.
#[inline(always)]
fn fill_locals(
    locals: &mut Vec<Option<Value>>,
    stack: &mut Vec<Value>,
    nargs: usize,
    nlocals: usize,
) {
    let start = stack.len() - nargs;
    for v in &mut stack[start..] {
        locals.push(Some(std::mem::replace(v, Value::None)));
    }
    stack.truncate(start);
    while locals.len() < nlocals {
        locals.push(None);
    }
}

/// What a call produced.
pub enum CallOut {
    /// A value, at once.
    Value(Value),
    /// A Python frame to run.
    Frame(Box<Frame>),
    /// The calling thread must suspend (blocking calls, `asyncio.run`); the
    /// value it is resumed with is the call's result.
    Suspend(Step<Value>),
    /// A model-native computation to run in place; its result is the call's result.
    Native(Box<dyn Coroutine<Value>>),
    /// A generator's frames to resume (a `yield from` chain, the innermost
    /// last), and what the innermost receives; what it yields or returns is
    /// the call's result.
    Resume(crate::runtime::generators::Frames, Input),
}

pub(crate) enum Flow {
    Call(Box<Frame>),
    Return(Value),
    Raise(Value),
    AwaitNative(Box<dyn Coroutine<Value>>),
    /// A library coroutine already started whose first step did not finish it.
    AwaitStarted(Box<dyn Coroutine<Value>>, Step<Value>),
    Suspend(Step<Value>),
    /// `await wait_for(aw, t)`: the awaitable and the timeout, run on this stack.
    WaitFor(Box<(Value, Option<f64>)>),
    /// Resume generator frames above this one (see [`CallOut::Resume`]).
    Resume(crate::runtime::generators::Frames, Input),
    /// The running generator frame yields this value.
    Yield(Value),
    /// The running generator frame returns this value.
    GenReturn(Value),
    Fatal,
}

/// Where an `await` left the frame that made it (see [`Runner::after_await`]).
enum Awaited {
    /// The awaited frame is now the running one.
    Entered,
    /// The frame loop must hand this out.
    Out(Flow),
    /// Done in place: the result was pushed, or this error is raised here.
    Here(PyResult<()>),
}

pub(crate) enum Entry {
    Py(Box<Frame>),
    Native(Box<dyn Coroutine<Value>>),
    /// A call still to be made when the runner starts (callbacks, thread targets).
    ///
    /// Boxed: entries are pushed and popped at every await, and the call's
    /// parts would make every entry several times larger.
    Pending(Box<PendingCall>),
}

/// The parts of [`Entry::Pending`].
pub(crate) struct PendingCall {
    func: Value,
    args: Vec<Value>,
    kwargs: Vec<(Rc<str>, Value)>,
    /// Append the value sent in to the arguments (a done-callback's future).
    append_sent: bool,
}

impl Entry {
    fn pending(func: Value, args: Vec<Value>, kwargs: Vec<(Rc<str>, Value)>) -> Entry {
        Entry::Pending(Box::new(PendingCall {
            func,
            args,
            kwargs,
            append_sent: false,
        }))
    }
}

/// What a frame or native coroutine is resumed with.
pub(crate) enum Input {
    /// Nothing: it starts.
    Nothing,
    /// The value of what it awaited or called.
    Value(Value),
    /// An exception raised where it stands.
    Throw(Value),
    /// The generator it iterates (`for`, `async for`, `yield from`) is
    /// exhausted, with this return value.
    Exhausted(Value),
}

/// A resumable stack of frames: one task's coroutine, one thread's function,
/// the module body, or one callback.
pub struct Runner {
    /// Shared interpreter state.
    pub interp: Rc<Interp>,
    pub(crate) stack: Vec<Entry>,
    name: Rc<str>,
    /// Operations run since CPU time was last reported to the model.
    cpu_pending: u64,
    /// A step held back while reporting CPU time first.
    deferred: Option<Step<Value>>,
    /// Finished frames kept for reuse, so that a call does not allocate.
    /// They stay boxed because the box itself is what gets reused.
    #[allow(clippy::vec_box)]
    spare: Vec<Box<Frame>>,
    /// The exception being handled where the current call was made
    /// (`traceback.print_exc()`, `sys.exc_info()`, `logging.exception`).
    pub handling: Option<Value>,
    /// The callable and arguments it was made to call, kept for the loop's
    /// reports (`Exception in callback cb(1) at main.py:4`), which come after
    /// the call has consumed them.
    callee: Option<Rc<Callee>>,
    /// The `def` line of the code it runs (0: none), for `defined at main.py:N`.
    def_line: u32,
    /// Python frames of the runners this one runs inside, when it runs a
    /// key function for `sorted`, `min` or `map` (0 for a task or thread).
    base_depth: usize,
    /// How many such runners this one runs inside: each is a level of Rust
    /// recursion, bounded by [`MAX_SYNC_NESTING`].
    sync_nesting: usize,
}

/// Key functions that call `sorted` (or `min`, `max`, `map`) whose key
/// function calls it again, and so on, each take a level of the native
/// stack; this many levels raise `RecursionError`, as CPython does when its
/// own C stack runs low.  Real programs never come near it.
pub const MAX_SYNC_NESTING: usize = 100;

/// A callable with its positional and keyword arguments.
type Callee = (Value, Vec<Value>, Vec<(Rc<str>, Value)>);

/// The `def` line of a user function (through `functools.partial`), or 0.
fn def_line_of(func: &Value) -> u32 {
    // A loop, not recursion: partials of partials can be nested without end.
    let mut func = func;
    loop {
        match func {
            Value::Func(f) => return f.code.first_line,
            Value::Obj(o) => match &**o {
                crate::runtime::objects::Obj::Partial(f, ..) => func = f,
                _ => return 0,
            },
            _ => return 0,
        }
    }
}

/// `format_helpers._format_callback`: the callable's qualified name and its
/// arguments as `reprlib.repr` shows them, a partial's own arguments first.
fn format_callback(
    func: &Value,
    args: &[Value],
    kwargs: &[(Rc<str>, Value)],
    suffix: &str,
    future: &dyn Fn(FutureId) -> String,
) -> String {
    let mut items: Vec<String> = args
        .iter()
        .map(|a| crate::runtime::reprlib::repr(a, future))
        .collect();
    items.extend(
        kwargs
            .iter()
            .map(|(k, v)| format!("{k}={}", crate::runtime::reprlib::repr(v, future))),
    );
    let call = format!("({}){suffix}", items.join(", "));
    match func {
        Value::Obj(o) => match &**o {
            crate::runtime::objects::Obj::Partial(f, bound, bound_kw) => {
                format_callback(f, bound, bound_kw, &call, future)
            }
            _ => format!("{}{call}", func.repr_with(future)),
        },
        Value::Func(f) => format!("{}{call}", f.code.qualname),
        Value::Builtin(n) => format!("{}{call}", n.rsplit('.').next().unwrap_or(n)),
        Value::Method(m) => format!("{}.{}{call}", m.0.type_name(), m.1),
        Value::Type(n) => format!("{n}{call}"),
        other => format!("{}{call}", other.repr_with(future)),
    }
}

/// How many operations run between CPU-time reports when code has a cost.
const CPU_SLICE: u64 = 1000;

impl Runner {
    /// A runner with `stack` to run, named `name` in reports.
    pub(crate) fn new(
        interp: Rc<Interp>,
        stack: Vec<Entry>,
        name: Rc<str>,
        def_line: u32,
    ) -> Runner {
        Runner {
            interp,
            stack,
            name,
            cpu_pending: 0,
            deferred: None,
            spare: Vec::new(),
            handling: None,
            callee: None,
            def_line,
            base_depth: 0,
            sync_nesting: 0,
        }
    }

    /// A runner for the module body.
    pub fn module(interp: Rc<Interp>) -> Runner {
        let code = interp.program.module.clone();
        let frame = Frame::new(code, Vec::new(), Vec::new());
        Runner::new(
            interp,
            vec![Entry::Py(Box::new(frame))],
            Rc::from("<module>"),
            0,
        )
    }

    /// A runner that calls `func(*args, **kwargs)` when first resumed.
    pub fn call(
        interp: Rc<Interp>,
        func: Value,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> Runner {
        let name: Rc<str> = match &func {
            Value::Func(f) => f.code.qualname.clone(),
            Value::Builtin(n) => Rc::from(n.rsplit('.').next().unwrap_or(n)),
            Value::Method(m) => m.1.clone(),
            _ => Rc::from(func.type_name()),
        };
        let def_line = def_line_of(&func);
        let callee = Some(Rc::new((func.clone(), args.clone(), kwargs.clone())));
        Runner {
            callee,
            ..Runner::new(
                interp,
                vec![Entry::pending(func, args, kwargs)],
                name,
                def_line,
            )
        }
    }

    /// A done-callback runner: calls `func(fut)` with the future the model sends in.
    pub fn callback_with_future(interp: Rc<Interp>, func: Value) -> Runner {
        let mut r = Runner::call(interp, func, Vec::new(), Vec::new());
        if let Some(Entry::Pending(call)) = r.stack.last_mut() {
            call.append_sent = true;
        }
        r
    }

    /// A runner for a coroutine object (a task's body), or the error to raise
    /// if it is not one or was already awaited.
    pub fn for_coro(interp: Rc<Interp>, coro: &Value) -> Result<Box<dyn Coroutine<Value>>, Value> {
        let Value::Coro(c) = coro else {
            return err(
                ExcClass::TypeError,
                format!("a coroutine was expected, got {}", coro.repr()),
            );
        };
        let mut cb = c.borrow_mut();
        match std::mem::replace(&mut cb.body, CoroBody::Running) {
            CoroBody::Fresh(mut frame) => {
                frame.coro = Some(c.clone());
                let def_line = frame.code.first_line;
                // Room for the awaits a task body nests (a library
                // coroutine, a called coroutine's frame) without regrowing.
                let mut stack = Vec::with_capacity(4);
                stack.push(Entry::Py(frame));
                Ok(Box::new(Runner::new(
                    interp,
                    stack,
                    cb.qualname.to_rc(),
                    def_line,
                )))
            }
            CoroBody::Native(n) => Ok(n),
            CoroBody::AgenStep(step) => {
                // An async generator step run as a task (`create_task(ag.asend(v))`,
                // `gather` of `aclose()` at shutdown): its frames are the task's stack.
                let step = *step;
                let (frames, input) =
                    crate::runtime::generators::gen_take(&step.gen, step.action, step.mode)?;
                let mut r = Runner::new(
                    interp,
                    Vec::with_capacity(4),
                    cb.qualname.to_rc(),
                    step.gen.def_line,
                );
                let input = r.push_gen_frames(frames, input);
                let ready = match input {
                    Input::Nothing => None,
                    Input::Value(v) | Input::Exhausted(v) => {
                        Some(Value::new_tuple(vec![Value::Bool(true), v]))
                    }
                    Input::Throw(e) => Some(Value::new_tuple(vec![Value::Bool(false), e])),
                };
                if let Some(t) = ready {
                    r.stack
                        .push(Entry::pending(Value::Builtin("<ready>"), vec![t], vec![]));
                }
                Ok(Box::new(r))
            }
            CoroBody::WaitFor(w) => {
                let (aw, t) = *w;
                let t = t.map_or(Value::None, Value::Float);
                Ok(Box::new(Runner::new(
                    interp,
                    vec![Entry::pending(
                        Value::Builtin("<wait_for>"),
                        vec![aw, t],
                        vec![],
                    )],
                    cb.qualname.to_rc(),
                    0,
                )))
            }
            CoroBody::Ready(r) => {
                let call = Value::Builtin("<ready>");
                let args = vec![match r {
                    Ok(v) => Value::new_tuple(vec![Value::Bool(true), v]),
                    Err(e) => Value::new_tuple(vec![Value::Bool(false), e]),
                }];
                Ok(Box::new(Runner::new(
                    interp,
                    vec![Entry::pending(call, args, vec![])],
                    cb.qualname.to_rc(),
                    0,
                )))
            }
            CoroBody::ByHand(state) => {
                cb.body = CoroBody::ByHand(state);
                err(
                    ExcClass::RuntimeError,
                    crate::runtime::by_hand::NOT_AWAITABLE,
                )
            }
            other => {
                cb.body = other;
                err(
                    ExcClass::RuntimeError,
                    "cannot reuse already awaited coroutine",
                )
            }
        }
    }

    /// A runner for `stack` that runs inside this one (a key function, a
    /// coroutine driven by hand): its depth and nesting go on from here.
    pub(crate) fn nested(&self, stack: Vec<Entry>, name: Rc<str>, def_line: u32) -> Runner {
        Runner {
            base_depth: self.py_depth(),
            sync_nesting: self.sync_nesting + 1,
            ..Runner::new(self.interp.clone(), stack, name, def_line)
        }
    }

    pub(crate) fn py_depth(&self) -> usize {
        self.base_depth + self.stack.len()
    }

    /// Starts `wait_for(aw, t)` on this stack, above the frame that awaits it:
    /// each `wait_for` wrapping the next enters its timeout and pushes the
    /// timeout's exit, then the innermost awaitable goes on top.  What the
    /// next step of `drive` runs with is returned: nothing (run the top
    /// entry) or an exception for the exits to pass down.
    ///
    /// Every level costs two entries of this stack, as `wait_for`'s frame
    /// and the awaited coroutine's cost CPython two frames, so a coroutine
    /// awaiting `wait_for` of itself raises `RecursionError` near where
    /// CPython does, without native recursion.
    fn descend_wait_for(&mut self, sim: &mut Sim<Value>, aw: Value, t: Option<f64>) -> Input {
        let (mut aw, mut t) = (aw, t);
        loop {
            if self.py_depth() + 2 > self.interp.limits.max_depth {
                return Input::Throw(Exc::value(
                    ExcClass::RecursionError,
                    "maximum recursion depth exceeded",
                ));
            }
            match self.enter_wait_for(sim, &aw, t) {
                Err(e) => return Input::Throw(e),
                Ok(crate::runtime::library::asyncio::WaitForEntry::Native(n)) => {
                    self.stack.push(Entry::Native(n));
                    return Input::Nothing;
                }
                Ok(crate::runtime::library::asyncio::WaitForEntry::Timeout(tm)) => self.stack.push(
                    Entry::Native(Box::new(crate::runtime::library::asyncio::TimeoutExit(tm))),
                ),
            }
            // A `wait_for` of a `wait_for`: go on down without recursing.
            let nested = match &aw {
                Value::Coro(c) => {
                    let mut cb = c.borrow_mut();
                    match std::mem::replace(&mut cb.body, CoroBody::Done) {
                        CoroBody::WaitFor(w) => Some(*w),
                        other => {
                            cb.body = other;
                            None
                        }
                    }
                }
                _ => None,
            };
            if let Some((inner, inner_t)) = nested {
                (aw, t) = (inner, inner_t);
                continue;
            }
            return match self.await_value(aw) {
                Ok(Some(Flow::Call(frame))) => {
                    self.stack.push(Entry::Py(frame));
                    Input::Nothing
                }
                Ok(Some(Flow::AwaitNative(n))) => {
                    self.stack.push(Entry::Native(n));
                    Input::Nothing
                }
                Ok(Some(Flow::Suspend(step))) => {
                    self.stack.push(Entry::Native(Box::new(
                        crate::runtime::library::asyncio::StepOnce(Some(step)),
                    )));
                    Input::Nothing
                }
                // An async generator step: its frames run right here.
                Ok(Some(Flow::Resume(frames, input))) => self.push_gen_frames(frames, input),
                Ok(_) => Input::Value(Value::None),
                Err(e) => Input::Throw(e),
            };
        }
    }

    /// How many runners this one runs inside (see [`MAX_SYNC_NESTING`]).
    pub(crate) fn sync_nesting(&self) -> usize {
        self.sync_nesting
    }

    /// An empty runner for running code synchronously inside this one.
    pub(crate) fn sub_runner(&self) -> Runner {
        Runner {
            base_depth: self.py_depth(),
            sync_nesting: self.sync_nesting + 1,
            ..Runner::new(self.interp.clone(), Vec::new(), self.name.clone(), 0)
        }
    }

    /// `for` over a generator (resumed on this stack) or over `enumerate`
    /// or `zip` of one: `Some` flow when a frame must run.
    #[inline(never)]
    fn for_iter_slow(
        &mut self,
        sim: &mut Sim<Value>,
        f: &mut Frame,
        t: u32,
    ) -> PyResult<Option<Flow>> {
        let it = f.top().clone();
        if let Value::Gen(g) = &it {
            let (frames, input) = crate::runtime::generators::gen_take(
                g,
                crate::runtime::generators::GenAction::Send(Value::None),
                crate::runtime::objects::Resume::Iter,
            )?;
            return Ok(Some(Flow::Resume(frames, input)));
        }
        // `as_completed`: the thread waits for the next future to finish,
        // which is the item pushed.
        if let Value::Obj(o) = &it {
            if matches!(&**o, crate::runtime::objects::Obj::AsCompleted(_)) {
                return match self.as_completed_next(o) {
                    Some(c) => Ok(Some(Flow::AwaitNative(c))),
                    None => {
                        f.stack.pop();
                        f.ip = t as usize;
                        Ok(None)
                    }
                };
            }
        }
        match self.next_item(sim, &it)? {
            Some(v) => f.stack.push(v),
            None => {
                f.stack.pop();
                f.ip = t as usize;
            }
        }
        Ok(None)
    }

    /// `yield from`: sends `v` into the sub-iterator on top of the stack.
    #[inline(never)]
    fn yield_from_send(
        &mut self,
        sim: &mut Sim<Value>,
        f: &mut Frame,
        v: Value,
        t: u32,
    ) -> PyResult<Option<Flow>> {
        let sub = f.top().clone();
        if matches!(sub, Value::Coro(_) | Value::Future(_))
            && crate::runtime::gen_await::awaited(f, &self.stack)
        {
            // `yield from` a future or a coroutine on behalf of a task: an
            // `await` of it, whose result is the `yield from`'s.
            f.stack.pop();
            f.ip = t as usize;
            return self.await_value(sub);
        }
        if let Value::Gen(g) = &sub {
            if !g.is_async {
                let (frames, input) = crate::runtime::generators::gen_take(
                    g,
                    crate::runtime::generators::GenAction::Send(v),
                    crate::runtime::objects::Resume::Iter,
                )?;
                return Ok(Some(Flow::Resume(frames, input)));
            }
        }
        if !matches!(v, Value::None) {
            return err(
                ExcClass::AttributeError,
                format!("'{}' object has no attribute 'send'", sub.type_name()),
            );
        }
        match self.next_item(sim, &sub)? {
            Some(x) => f.stack.push(x),
            None => {
                f.stack.pop();
                f.stack.push(Value::None);
                f.ip = t as usize;
            }
        }
        Ok(None)
    }

    /// Runs a callable to completion synchronously (key functions of
    /// `sorted`, `min`, `max`); it may not suspend.
    #[inline(never)]
    pub fn call_sync(&mut self, sim: &mut Sim<Value>, func: &Value, args: Vec<Value>) -> PyResult {
        self.call_sync_kw(sim, func, args, Vec::new())
    }

    /// [`Runner::call_sync`] with keyword arguments (a task factory's `name=`).
    pub fn call_sync_kw(
        &mut self,
        sim: &mut Sim<Value>,
        func: &Value,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> PyResult {
        match self.call_value(sim, func.clone(), args, kwargs)? {
            CallOut::Value(v) => Ok(v),
            CallOut::Frame(frame) => {
                if self.sync_nesting >= MAX_SYNC_NESTING
                    || self.py_depth() + 1 >= self.interp.limits.max_depth
                {
                    return err(ExcClass::RecursionError, "maximum recursion depth exceeded");
                }
                let mut sub = self.nested(vec![Entry::Py(frame)], self.name.clone(), 0);
                let step =
                    stacker::maybe_grow(64 * 1024, 1024 * 1024, || sub.drive(sim, Input::Nothing));
                match step {
                    Step::Return(v) => Ok(v),
                    Step::Raise(e) => Err(e),
                    _ => err(
                        ExcClass::RuntimeError,
                        "a key function cannot block or await",
                    ),
                }
            }
            CallOut::Resume(frames, input) => self.run_gen_sync(sim, frames, input),
            CallOut::Suspend(_) | CallOut::Native(_) => err(
                ExcClass::RuntimeError,
                "a key function cannot block or await",
            ),
        }
    }

    fn limit_exc(&self) -> Value {
        Exc::value(
            ExcClass::RuntimeError,
            self.interp
                .stop
                .borrow()
                .as_ref()
                .map(|l| l.to_string())
                .unwrap_or_default(),
        )
    }

    pub(crate) fn drive(&mut self, sim: &mut Sim<Value>, mut input: Input) -> Step<Value> {
        loop {
            if self.interp.stop.borrow().is_some() {
                return Step::Raise(self.limit_exc());
            }
            let Some(entry) = self.stack.pop() else {
                return match input {
                    Input::Throw(e) => Step::Raise(e),
                    Input::Value(v) | Input::Exhausted(v) => Step::Return(v),
                    Input::Nothing => Step::Return(Value::None),
                };
            };
            match entry {
                Entry::Pending(call) => {
                    let PendingCall {
                        func,
                        mut args,
                        kwargs,
                        append_sent,
                    } = *call;
                    if append_sent {
                        if let Input::Value(v) = &input {
                            args.push(v.clone());
                        }
                    }
                    if let Value::Builtin("<wait_for>") = func {
                        // A task whose body is `wait_for(coro, t)`.
                        let mut args = args.into_iter();
                        let aw = args.next().unwrap_or(Value::None);
                        let t = args.next().and_then(|t| t.as_f64());
                        input = self.descend_wait_for(sim, aw, t);
                        continue;
                    }
                    if let Value::Builtin("<ready>") = func {
                        if let Some(Value::Tuple(t)) = args.first() {
                            input = if t[0].truthy() {
                                Input::Value(t[1].clone())
                            } else {
                                Input::Throw(t[1].clone())
                            };
                        }
                        continue;
                    }
                    match self.call_value(sim, func, args, kwargs) {
                        Ok(CallOut::Value(v)) => input = Input::Value(v),
                        Ok(CallOut::Frame(f)) => {
                            self.stack.push(Entry::Py(f));
                            input = Input::Nothing;
                        }
                        Ok(CallOut::Suspend(step)) => return step,
                        Ok(CallOut::Native(n)) => {
                            self.stack.push(Entry::Native(n));
                            input = Input::Nothing;
                        }
                        Ok(CallOut::Resume(frames, inp)) => {
                            input = self.push_gen_frames(frames, inp);
                        }
                        Err(e) => input = Input::Throw(e),
                    }
                }
                Entry::Native(mut c) => {
                    let sent = match input {
                        Input::Nothing => Sent::Start,
                        Input::Value(v) | Input::Exhausted(v) => Sent::Value(v),
                        Input::Throw(e) => Sent::Throw(e),
                    };
                    match c.resume(sim, sent) {
                        Step::Return(v) => input = Input::Value(v),
                        Step::Raise(e) => input = Input::Throw(e),
                        other => {
                            self.stack.push(Entry::Native(c));
                            return other;
                        }
                    }
                }
                Entry::Py(mut f) => {
                    let mut flow = None;
                    match input {
                        Input::Nothing => {}
                        Input::Value(v) => {
                            if f.discard_input {
                                f.discard_input = false;
                            } else {
                                f.stack.push(v);
                            }
                        }
                        // A class's `__anext__()` awaited by an async
                        // comprehension ends its loop with
                        // `StopAsyncIteration` (a `for` statement catches it
                        // with a handler instead).
                        Input::Throw(e)
                            if crate::runtime::generators::ends_async_comprehension(&f, &e) =>
                        {
                            f.discard_input = false;
                            crate::runtime::generators::exhausted(&mut f, Value::None);
                        }
                        Input::Throw(e) => {
                            f.discard_input = false;
                            if let (Value::Exc(x), Some(ctx)) = (&e, f.exc_stack.last()) {
                                if x.context.borrow().is_none() && !ctx.is(&e) {
                                    *x.context.borrow_mut() = Some(ctx.clone());
                                }
                            }
                            f.add_tb(&e);
                            if let Err(e) = f.unwind(e) {
                                flow = Some(Flow::Raise(e));
                            }
                        }
                        Input::Exhausted(v) => crate::runtime::generators::exhausted(&mut f, v),
                    }
                    let flow = match flow {
                        Some(fl) => fl,
                        None => self.exec(&mut f, sim),
                    };
                    match flow {
                        Flow::Call(new) => {
                            self.stack.push(Entry::Py(f));
                            if self.py_depth() >= self.interp.limits.max_depth {
                                input = Input::Throw(Exc::value(
                                    ExcClass::RecursionError,
                                    "maximum recursion depth exceeded",
                                ));
                                drop(new);
                            } else {
                                self.stack.push(Entry::Py(new));
                                input = Input::Nothing;
                            }
                        }
                        Flow::Return(v) => {
                            if let Some(c) = &f.coro {
                                c.borrow_mut().body = CoroBody::Done;
                            }
                            input = Input::Value(v);
                        }
                        Flow::Raise(e) => {
                            if let Some(c) = &f.coro {
                                c.borrow_mut().body = CoroBody::Done;
                            }
                            input = match f.gen.take() {
                                Some(g) => crate::runtime::generators::gen_raised(&g, e),
                                None => Input::Throw(e),
                            };
                        }
                        Flow::Yield(v) => input = crate::runtime::generators::gen_yielded(f, v),
                        Flow::GenReturn(v) => {
                            input = crate::runtime::generators::gen_returned(&mut f, v)
                        }
                        Flow::Resume(frames, inp) => {
                            self.stack.push(Entry::Py(f));
                            input = self.push_gen_frames(frames, inp);
                        }
                        Flow::AwaitNative(n) => {
                            self.stack.push(Entry::Py(f));
                            self.stack.push(Entry::Native(n));
                            input = Input::Nothing;
                        }
                        Flow::AwaitStarted(n, step) => {
                            self.stack.push(Entry::Py(f));
                            self.stack.push(Entry::Native(n));
                            return step;
                        }
                        Flow::WaitFor(w) => {
                            self.stack.push(Entry::Py(f));
                            let (aw, t) = *w;
                            input = self.descend_wait_for(sim, aw, t);
                        }
                        Flow::Suspend(step) => {
                            self.stack.push(Entry::Py(f));
                            return step;
                        }
                        Flow::Fatal => {
                            self.stack.push(Entry::Py(f));
                            return Step::Raise(self.limit_exc());
                        }
                    }
                }
            }
        }
    }

    fn exec(&mut self, f: &mut Frame, sim: &mut Sim<Value>) -> Flow {
        let interp = self.interp.clone();
        let before = interp.ops.get();
        let budget = interp.limits.max_ops.saturating_sub(before);
        let mut n = 0u64;
        let flow = self.exec_inner(f, sim, &mut n, budget);
        // Not `before + n`: work done inside built-ins was added meanwhile.
        interp.ops.set(interp.ops.get() + n);
        if interp.cpu_cost {
            self.cpu_pending += n;
        }
        flow
    }

    #[allow(clippy::cognitive_complexity)]
    fn exec_inner(
        &mut self,
        f: &mut Frame,
        sim: &mut Sim<Value>,
        n: &mut u64,
        budget: u64,
    ) -> Flow {
        let max_len = self.interp.limits.max_collection;
        let cpu = self.interp.cpu_cost;
        // Calls and returns between Python frames switch `f` in place and
        // continue here, without going back out to `drive`.
        'frames: loop {
            let code = f.code.clone();
            let ops_list = &code.ops[..];
            loop {
                let op = ops_list[f.ip];
                f.ip += 1;
                *n += 1;
                // The memory gauge is read every 4096 operations: often
                // enough that no loop allocates far past the limit, rarely
                // enough to cost nothing measurable.
                if *n & 4095 == 0 && self.interp.check_memory().is_err() {
                    return Flow::Fatal;
                }
                if *n >= budget {
                    let total = self.interp.ops.get() + *n;
                    *self.interp.stop.borrow_mut() =
                        Some(crate::runtime::limits::Limit::Operations {
                            done: total,
                            limit: self.interp.limits.max_ops,
                        });
                    return Flow::Fatal;
                }
                let r: PyResult<()> = match op {
                    Op::Const(i) => {
                        f.stack.push(Value::from_const(&code.consts[i as usize]));
                        Ok(())
                    }
                    Op::LoadFast(i) => self.op_load_fast(f, &code, i),
                    Op::StoreFast(i) => {
                        let v = f.pop();
                        f.locals[i as usize] = Some(v);
                        Ok(())
                    }
                    Op::DeleteFast(i) => {
                        f.locals[i as usize] = None;
                        Ok(())
                    }
                    Op::LoadDeref(i) => self.op_load_deref(f, &code, i),
                    Op::StoreDeref(i) => {
                        let v = f.pop();
                        *f.cells[i as usize].borrow_mut() = Some(v);
                        Ok(())
                    }
                    Op::LoadGlobal(i) => self.op_load_global(f, i),
                    Op::StoreGlobal(i) => self.op_store_global(f, i),
                    Op::DeleteGlobal(i) => self.op_delete_global(i),
                    Op::LoadAttr(i) => {
                        let v = f.pop();
                        // Instance attributes are read without leaving the loop.
                        if let Value::Instance(inst) = &v {
                            if inst.push_attr(&code.names[i as usize], &mut f.stack) {
                                continue;
                            }
                        }
                        match self.get_attr(sim, &v, &code.names[i as usize]) {
                            Ok(a) => {
                                f.stack.push(a);
                                Ok(())
                            }
                            Err(e) => Err(e),
                        }
                    }
                    Op::LoadAttrFast(slot, i) => {
                        let name = &code.names[i as usize];
                        match &f.locals[slot as usize] {
                        Some(Value::Instance(inst)) => {
                            if inst.push_attr(name, &mut f.stack) {
                                continue;
                            }
                            let v = Value::Instance(inst.clone());
                            self.get_attr(sim, &v, name).map(|a| f.stack.push(a))
                        }
                        Some(v) => {
                            let v = v.clone();
                            self.get_attr(sim, &v, name).map(|a| f.stack.push(a))
                        }
                        None => err(ExcClass::UnboundLocalError, format!("cannot access local variable '{}' where it is not associated with a value", code.local_names[slot as usize])),
                    }
                    }
                    Op::StoreAttrFast(slot, i) => self.op_store_attr_fast(f, sim, &code, slot, i),
                    Op::StoreAttr(i) => self.op_store_attr(f, sim, &code, i),
                    Op::CallMethod(name, argc) => {
                        sim.set_span(f.span());
                        self.handling = f.exc_stack.last().cloned();
                        // Fast path: a plain method of a user class, called with
                        // exactly its positional parameters, gets the receiver
                        // and the arguments as its locals straight from the stack.
                        let base = f.stack.len() - argc as usize;
                        if let Value::Instance(inst) = &f.stack[base - 1] {
                            let mname = &code.names[name as usize];
                            if !inst.class.methods_shadowed() || inst.get(mname).is_none() {
                                if let Some(Value::Func(fun)) = inst.class.lookup(mname) {
                                    let c = &fun.code;
                                    if !c.is_async
                                        && !c.varargs
                                        && !c.varkw
                                        && c.kwonlycount == 0
                                        && c.argcount == argc + 1
                                        && c.cell_names.is_empty()
                                    {
                                        let nlocals = c.local_names.len();
                                        let mut new = self.plain_frame(&fun, c.clone(), nlocals);
                                        // The receiver and arguments move from the
                                        // stack's top into the first slots.
                                        fill_locals(
                                            &mut new.locals,
                                            &mut f.stack,
                                            argc as usize + 1,
                                            nlocals,
                                        );
                                        match self.enter_frame(f, new) {
                                            Ok(()) => continue 'frames,
                                            Err(e) => {
                                                f.add_tb(&e);
                                                match f.unwind(e) {
                                                    Ok(()) => continue,
                                                    Err(e) => return Flow::Raise(e),
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                        // `await asyncio.sleep(d)`, `await q.put(x)`, `await q.get()`:
                        // the call and the `await` after it run as one step, which
                        // spares the argument lists and the coroutine object.  The
                        // `await` still counts as an operation and sets its own span.
                        if argc <= 1
                            && matches!(ops_list.get(f.ip), Some(Op::Await))
                            && *n + 1 < budget
                        {
                            let base = f.stack.len() - argc as usize;
                            if let Some(mut c) = self.fused_library_await(
                                sim,
                                &f.stack[base - 1],
                                &code.names[name as usize],
                                &f.stack[base..],
                            ) {
                                f.stack.truncate(base - 1);
                                f.ip += 1;
                                *n += 1;
                                sim.set_span(f.span());
                                match c.resume(sim, Sent::Start) {
                                    Step::Return(v) => {
                                        f.stack.push(v);
                                        continue;
                                    }
                                    Step::Raise(e) => Err(e),
                                    step => return Flow::AwaitStarted(c, step),
                                }
                            } else {
                                let args = f.stack.split_off(base);
                                let recv = f.pop();
                                after_call!(self, f, 'frames, self.call_method(sim, recv, &code.names[name as usize], args, Vec::new()))
                            }
                        } else {
                            let args = f.stack.split_off(f.stack.len() - argc as usize);
                            let recv = f.pop();
                            after_call!(self, f, 'frames, self.call_method(sim, recv, &code.names[name as usize], args, Vec::new()))
                        }
                    }
                    Op::Binary(bop) | Op::Inplace(bop) => {
                        // Two small ints: the result is written over the left
                        // operand's slot.  Building it in a temporary and pushing
                        // that made the processor stall on every operation (a
                        // 16-byte read of a value just written in two parts).
                        let l = f.stack.len();
                        if let (Value::Int(x), Value::Int(y)) = (&f.stack[l - 2], &f.stack[l - 1]) {
                            use crate::compile::code::BinOp;
                            let (x, y) = (*x, *y);
                            let r = match bop {
                                BinOp::Add => x.checked_add(y),
                                BinOp::Sub => x.checked_sub(y),
                                BinOp::Mul => x.checked_mul(y),
                                BinOp::BitAnd => Some(x & y),
                                BinOp::BitOr => Some(x | y),
                                BinOp::BitXor => Some(x ^ y),
                                _ => None,
                            };
                            if let Some(s) = r {
                                f.stack.truncate(l - 1);
                                if let Some(Value::Int(slot)) = f.stack.last_mut() {
                                    *slot = s;
                                }
                                continue;
                            }
                        }
                        self.op_binary(f, sim, op, bop, max_len)
                    }
                    Op::Compare(c) => {
                        let b = f.pop();
                        let a = f.pop();
                        if let (Value::Int(x), Value::Int(y)) = (&a, &b) {
                            let r = match c {
                                crate::compile::code::CmpOp::Lt => Some(x < y),
                                crate::compile::code::CmpOp::Le => Some(x <= y),
                                crate::compile::code::CmpOp::Gt => Some(x > y),
                                crate::compile::code::CmpOp::Ge => Some(x >= y),
                                crate::compile::code::CmpOp::Eq => Some(x == y),
                                crate::compile::code::CmpOp::Ne => Some(x != y),
                                _ => None,
                            };
                            if let Some(r) = r {
                                f.stack.push(Value::Bool(r));
                                continue;
                            }
                        }
                        self.op_compare(f, sim, c, a, b)
                    }
                    Op::Neg | Op::Pos | Op::Invert => self.op_unary(f, sim, op),
                    Op::Not => self.op_not(f, sim),
                    Op::Subscr => {
                        let i = f.pop();
                        let c = f.pop();
                        if matches!(&c, Value::Instance(_))
                            && crate::runtime::instances::dunder(&c, "__getitem__").is_some()
                        {
                            after_call!(self, f, 'frames, self.call_method(sim, c, "__getitem__", vec![i], Vec::new()))
                        } else {
                            self.op_subscr(f, sim, c, i)
                        }
                    }
                    Op::StoreSubscr => self.op_store_subscr(f, sim),
                    Op::DeleteSubscr => self.op_delete_subscr(f, sim),
                    Op::BuildSlice => self.op_build_slice(f),
                    Op::Pop => {
                        match f.stack.pop() {
                            Some(Value::Coro(c)) => self.warn_if_never_awaited(sim, f, &c),
                            // A `for` loop left by `break` drops its generator:
                            // if that was the last reference, it is closed now.
                            Some(Value::Gen(g)) => {
                                drop(g);
                                if crate::runtime::generators::any_dropped() {
                                    self.finalise_dropped(sim);
                                }
                            }
                            _ => {}
                        }
                        Ok(())
                    }
                    Op::PopTask => self.op_pop_task(f, sim),
                    Op::Dup => {
                        let v = f.top().clone();
                        f.stack.push(v);
                        Ok(())
                    }
                    Op::Dup2 => self.op_dup2(f),
                    Op::Rot2 => {
                        let l = f.stack.len();
                        f.stack.swap(l - 1, l - 2);
                        Ok(())
                    }
                    Op::Rot3 => self.op_rot3(f),
                    Op::BuildList(k) => {
                        let items = f.stack.split_off(f.stack.len() - k as usize);
                        f.stack.push(Value::new_list(items));
                        Ok(())
                    }
                    Op::BuildTuple(k) => {
                        let items = f.stack.split_off(f.stack.len() - k as usize);
                        f.stack.push(Value::new_tuple(items));
                        Ok(())
                    }
                    Op::BuildDict(k) => self.op_build_dict(f, k),
                    Op::BuildSet(k) => {
                        let items = f.stack.split_off(f.stack.len() - k as usize);
                        crate::runtime::builtins::make_set(items).map(|v| f.stack.push(v))
                    }
                    Op::ListAppend(depth) => self.op_list_append(f, max_len, depth),
                    Op::SetAdd(depth) => self.op_set_add(f, depth),
                    Op::DictSet(depth) => self.op_dict_set(f, depth),
                    Op::ListExtend => self.op_list_extend(f, sim),
                    Op::DictMerge => self.op_dict_merge(f),
                    Op::ListToTuple => self.op_list_to_tuple(f),
                    Op::BuildString(k) => self.op_build_string(f, max_len, k),
                    Op::FormatValue(conv, has_spec) => self.op_format_value(f, sim, conv, has_spec),
                    Op::UnpackSequence(k) => self.op_unpack_sequence(f, sim, k),
                    Op::UnpackEx(before, after) => self.op_unpack_ex(f, sim, before, after),
                    Op::Jump(t) => {
                        // A loop without calls still does work in its operators
                        // (`s = "x" * 10**7`): it is counted once per iteration.
                        if (t as usize) < f.ip && self.interp.fold_work() {
                            return Flow::Fatal;
                        }
                        if cpu && (t as usize) < f.ip && self.cpu_pending + *n >= CPU_SLICE {
                            f.ip = t as usize;
                            f.discard_input = true;
                            self.cpu_pending += *n;
                            let c = self.cpu_pending;
                            self.cpu_pending = 0;
                            self.interp.ops.set(self.interp.ops.get() + *n);
                            *n = 0;
                            // `exec` adds `n` again on return; it is zero now.
                            return Flow::Suspend(Step::Compute(c));
                        }
                        f.ip = t as usize;
                        Ok(())
                    }
                    Op::JumpIfFalse(t) => self.op_jump_if_false(f, sim, t),
                    Op::JumpIfTrue(t) => self.op_jump_if_true(f, sim, t),
                    Op::JumpIfFalseOrPop(t) => self.op_jump_if_false_or_pop(f, t),
                    Op::JumpIfTrueOrPop(t) => self.op_jump_if_true_or_pop(f, t),
                    Op::GetAIter => self.op_get_a_iter(f, sim),
                    Op::GetIter => self.op_get_iter(f, sim),
                    Op::GetYieldFromIter => {
                        if matches!(f.top(), Value::Coro(_) | Value::Future(_))
                            && crate::runtime::gen_await::awaited(f, &self.stack)
                        {
                            Ok(())
                        } else {
                            self.op_get_iter(f, sim)
                        }
                    }
                    Op::ForIter(t) => {
                        let mut err_now = None;
                        let next = match f.top() {
                            Value::Iter(it) => {
                                let mut it = it.borrow_mut();
                                match &mut *it {
                                    IterObj::Range { next, left, step } => {
                                        if *left > 0 {
                                            let v = *next;
                                            *next = next.wrapping_add(*step);
                                            *left -= 1;
                                            Some(Value::Int(v))
                                        } else {
                                            None
                                        }
                                    }
                                    IterObj::Lazy(l) => {
                                        let l = l.clone();
                                        drop(it);
                                        match self.lazy_next(sim, &l) {
                                            Ok(v) => v,
                                            Err(e) => {
                                                if self.interp.stop.borrow().is_some() {
                                                    return Flow::Fatal;
                                                }
                                                err_now = Some(e);
                                                None
                                            }
                                        }
                                    }
                                    other => crate::runtime::builtins::iter_next(other),
                                }
                            }
                            Value::Instance(_) => {
                                let it = f.top().clone();
                                match self.user_next(sim, &it) {
                                    Ok(v) => v,
                                    Err(e) => return self.raise_here(f, e),
                                }
                            }
                            _ => None,
                        };
                        if let Some(e) = err_now {
                            Err(e)
                        } else {
                            match next {
                                Some(v) => {
                                    f.stack.push(v);
                                    Ok(())
                                }
                                // Generators, and `enumerate` or `zip` over them,
                                // need this runner to resume Python code: they come
                                // here with no item and take the slow path, which
                                // keeps the common loop as tight as it was.
                                None if Runner::needs_runner(f.top()) => {
                                    match self.for_iter_slow(sim, f, t) {
                                        Ok(None) => Ok(()),
                                        // A generator resumed with nothing thrown in:
                                        // its frame runs here at once, as a call's does.
                                        Ok(Some(Flow::Resume(
                                            crate::runtime::generators::Frames {
                                                first: Some(new),
                                                rest,
                                            },
                                            Input::Nothing,
                                        ))) if rest.is_empty() => match self.enter_frame(f, new) {
                                            Ok(()) => continue 'frames,
                                            Err(e) => Err(e),
                                        },
                                        Ok(Some(fl)) => return fl,
                                        Err(e) => Err(e),
                                    }
                                }
                                None => {
                                    f.stack.pop();
                                    f.ip = t as usize;
                                    Ok(())
                                }
                            }
                        }
                    }
                    Op::Yield => {
                        let v = f.pop();
                        // An awaited generator yields to the task.
                        if f.gen
                            .as_ref()
                            .is_some_and(|g| g.mode.get() == crate::runtime::objects::Resume::Await)
                        {
                            return self.task_receives(sim, v);
                        }
                        // The resumer is a Python frame below on this stack (a
                        // `for` loop, `next()`): switch back to it in place, as
                        // a return does, without leaving this loop.
                        let plain = f.gen.as_ref().is_some_and(|g| {
                            g.mode.get() != crate::runtime::objects::Resume::Close
                        });
                        if plain && matches!(self.stack.last(), Some(Entry::Py(_))) {
                            if let Some(Entry::Py(mut parent)) = self.stack.pop() {
                                std::mem::swap(f, &mut *parent);
                                if let Some(g) = parent.gen.take() {
                                    *g.state.borrow_mut() =
                                        crate::runtime::objects::GenState::Suspended(parent);
                                }
                                f.stack.push(v);
                                continue 'frames;
                            }
                        }
                        return Flow::Yield(v);
                    }
                    Op::ReturnGen => {
                        let v = f.pop();
                        let iter = f
                            .gen
                            .as_ref()
                            .is_some_and(|g| g.mode.get() == crate::runtime::objects::Resume::Iter);
                        if iter && matches!(self.stack.last(), Some(Entry::Py(_))) {
                            if let Some(Entry::Py(mut parent)) = self.stack.pop() {
                                std::mem::swap(f, &mut *parent);
                                if let Some(g) = parent.gen.take() {
                                    *g.state.borrow_mut() = crate::runtime::objects::GenState::Done;
                                }
                                crate::runtime::generators::exhausted(f, v);
                                self.recycle(parent);
                                if crate::runtime::generators::any_dropped() {
                                    self.finalise_dropped(sim);
                                }
                                continue 'frames;
                            }
                        }
                        return Flow::GenReturn(v);
                    }
                    Op::YieldFromSend(t) => {
                        let v = f.pop();
                        let r = self.yield_from_send(sim, f, v, t);
                        match self.after_await(sim, f, r) {
                            Awaited::Entered => continue 'frames,
                            Awaited::Out(fl) => return fl,
                            Awaited::Here(r) => r,
                        }
                    }
                    Op::AsyncForNext(_) if matches!(f.top(), Value::Gen(g) if g.is_async) => {
                        self.agen_next(f, sim)
                    }
                    Op::AsyncForNext(_) if matches!(f.top(), Value::Instance(_)) => {
                        match self.instance_anext(f, sim) {
                            Ok(r) => r,
                            Err(e) => return self.raise_here(f, e),
                        }
                    }
                    Op::AsyncForNext(_) => self.op_async_for_next(f),
                    Op::Call(argc) => {
                        sim.set_span(f.span());
                        if !f.exc_stack.is_empty() {
                            self.handling = f.exc_stack.last().cloned();
                        } else if self.handling.is_some() {
                            self.handling = None;
                        }
                        // Fast path: a plain Python function called with exactly
                        // its positional parameters gets its locals straight from
                        // the value stack.
                        let fpos = f.stack.len() - argc as usize - 1;
                        if let Value::Func(fun) = &f.stack[fpos] {
                            let c = &fun.code;
                            if !c.is_async
                                && !c.is_generator
                                && !c.varargs
                                && !c.varkw
                                && c.kwonlycount == 0
                                && c.argcount == argc
                                && c.cell_names.is_empty()
                            {
                                let code = c.clone();
                                let nlocals = code.local_names.len();
                                let mut new = self.plain_frame(fun, code, nlocals);
                                // The arguments move from the stack's top into the first slots.
                                fill_locals(&mut new.locals, &mut f.stack, argc as usize, nlocals);
                                f.stack.pop();
                                if self.enter_frame(f, new).is_ok() {
                                    continue 'frames;
                                }
                                // Too deep: the frame was not entered; raise below.
                                f.stack.push(Value::None);
                                f.stack
                                    .extend(std::iter::repeat_n(Value::None, argc as usize));
                            }
                        }
                        if self.stack.len() + 1 >= self.interp.limits.max_depth {
                            f.stack.truncate(f.stack.len() - argc as usize - 1);
                            if let Err(e) = err::<()>(
                                ExcClass::RecursionError,
                                "maximum recursion depth exceeded",
                            ) {
                                f.add_tb(&e);
                                if let Err(e) = f.unwind(e) {
                                    return Flow::Raise(e);
                                }
                            }
                            continue;
                        }
                        let args = f.stack.split_off(f.stack.len() - argc as usize);
                        let func = f.pop();
                        after_call!(self, f, 'frames, self.call_value(sim, func, args, Vec::new()))
                    }
                    Op::CallKw(argc, names) => {
                        sim.set_span(f.span());
                        let Some((func, args, kwargs)) = call_kw_args(f, &code, argc, names) else {
                            return Flow::Fatal;
                        };
                        after_call!(self, f, 'frames, self.call_value(sim, func, args, kwargs))
                    }
                    Op::CallEx => {
                        sim.set_span(f.span());
                        match self.call_ex_args(f, sim) {
                            Ok((func, args, kwargs)) => {
                                after_call!(self, f, 'frames, self.call_value(sim, func, args, kwargs))
                            }
                            Err(e) => {
                                f.add_tb(&e);
                                match f.unwind(e) {
                                    Ok(()) => continue,
                                    Err(e) => return Flow::Raise(e),
                                }
                            }
                        }
                    }
                    Op::MakeFunction(ci, ndefaults, has_kw) => {
                        self.op_make_function(f, &code, ci, ndefaults, has_kw)
                    }
                    Op::Return => {
                        let mut v = f.pop();
                        if let Some(obj) = f.init_result.take() {
                            v = obj;
                        }
                        if !f.cache_into.is_empty() {
                            let max = self.interp.limits.max_collection;
                            for slot in std::mem::take(&mut f.cache_into) {
                                slot.store(&v, max);
                            }
                        }
                        if let Some(Entry::Py(_)) = self.stack.last() {
                            if let Some(Entry::Py(mut parent)) = self.stack.pop() {
                                if let Some(c) = &f.coro {
                                    c.borrow_mut().body = CoroBody::Done;
                                }
                                std::mem::swap(f, &mut *parent);
                                f.stack.push(v);
                                // `parent` now holds the finished frame: keep its
                                // buffers for the next call.
                                let done = parent;
                                self.recycle(done);
                                // A generator held only by the finished frame is
                                // closed before its caller goes on, as in CPython.
                                if crate::runtime::generators::any_dropped() {
                                    self.finalise_dropped(sim);
                                }
                                continue 'frames;
                            }
                        }
                        return Flow::Return(v);
                    }
                    Op::SetupExcept(h) => {
                        f.blocks.push(Block {
                            kind: BlockKind::Except,
                            handler: h,
                            depth: f.stack.len() as u32,
                        });
                        Ok(())
                    }
                    Op::SetupFinally(h) => {
                        f.blocks.push(Block {
                            kind: BlockKind::Finally,
                            handler: h,
                            depth: f.stack.len() as u32,
                        });
                        Ok(())
                    }
                    Op::PopBlock => {
                        f.blocks.pop();
                        Ok(())
                    }
                    Op::EnterHandler => self.op_enter_handler(f),
                    Op::PopExcept => self.op_pop_except(f),
                    Op::Raise(k) => match k {
                        0 => match f.exc_stack.last() {
                            Some(e) => {
                                let e = e.clone();
                                match f.unwind(e) {
                                    Ok(()) => continue,
                                    Err(e) => return Flow::Raise(e),
                                }
                            }
                            None => err(ExcClass::RuntimeError, "No active exception to reraise"),
                        },
                        _ => self.op_raise(f, sim, k),
                    },
                    Op::Reraise => {
                        let e = f.pop();
                        match f.unwind(e) {
                            Ok(()) => continue,
                            Err(e) => return Flow::Raise(e),
                        }
                    }
                    Op::ExcMatch => self.op_exc_match(f),
                    Op::Await => {
                        sim.set_span(f.span());
                        let mut v = f.pop();
                        let mut from_dunder = false;
                        if let Value::Instance(_) = &v {
                            match self.call_dunder(sim, &v, "__await__", Vec::new()) {
                                Some(Ok(x)) => {
                                    v = x;
                                    from_dunder = true;
                                }
                                Some(Err(e)) => return self.raise_here(f, e),
                                None => {}
                            }
                        }
                        let r = match &v {
                            Value::Gen(g)
                                if crate::runtime::gen_await::awaitable(g, from_dunder) =>
                            {
                                crate::runtime::gen_await::await_gen(g)
                            }
                            _ => self.await_value(v),
                        };
                        match self.after_await(sim, f, r) {
                            Awaited::Entered => continue 'frames,
                            Awaited::Out(fl) => return fl,
                            Awaited::Here(r) => r,
                        }
                    }
                    Op::WithEnter(is_async) => {
                        sim.set_span(f.span());
                        let entered = self.with_enter(f, sim, is_async);
                        after_call!(self, f, 'frames, entered)
                    }
                    Op::WithExit(is_async, with_exc) => {
                        sim.set_span(f.span());
                        let name = if is_async { "__aexit__" } else { "__exit__" };
                        let (mgr, args) = with_exit_args(f, with_exc);
                        after_call!(self, f, 'frames, self.call_method(sim, mgr, name, args, Vec::new()))
                    }
                    Op::Import(i) => crate::runtime::builtins::import(&code.names[i as usize])
                        .map(|m| f.stack.push(m)),
                    Op::AssertFail(has_msg) => {
                        let args = if has_msg { vec![f.pop()] } else { vec![] };
                        Err(Value::Exc(Rc::new(Exc::new(
                            ExcClass::AssertionError,
                            args,
                        ))))
                    }
                    // A plain exception stays plain until a clause matches it
                    // (`exc::split_group` wraps it then), as in CPython, where an
                    // unmatched one propagates as itself.
                    Op::ExcToGroup => Ok(()),
                    Op::ExcStarSplit => self.op_exc_star_split(f),
                    Op::ExcStarReraise => {
                        let rest = f.pop();
                        let original = f.exc_stack.last().cloned().unwrap_or(Value::None);
                        if matches!(rest, Value::None) {
                            Ok(())
                        } else if crate::runtime::exc::leaf_count(&rest)
                            == crate::runtime::exc::leaf_count(&original)
                        {
                            // Nothing was handled: the original goes on unchanged.
                            match f.unwind(original) {
                                Ok(()) => continue,
                                Err(e) => return Flow::Raise(e),
                            }
                        } else {
                            Err(rest)
                        }
                    }
                    Op::ClassBody => op_class_body(f, &code),
                    Op::Nop => Ok(()),
                };
                if let Err(e) = r {
                    // A limit reached inside a built-in ends the run here,
                    // before any `except` clause could go on running.
                    if self.interp.stop.borrow().is_some() {
                        return Flow::Fatal;
                    }
                    if let Value::Exc(x) = &e {
                        if x.context.borrow().is_none() {
                            if let Some(ctx) = f.exc_stack.last() {
                                if !ctx.is(&e) {
                                    *x.context.borrow_mut() = Some(ctx.clone());
                                }
                            }
                        }
                    }
                    f.add_tb(&e);
                    if let Err(e) = f.unwind(e) {
                        return Flow::Raise(e);
                    }
                }
            }
        }
    }

    /// CPython warns when a coroutine object is dropped without ever running
    /// (`work()` instead of `await work()`), once per source line.  Here that
    /// is checked where an expression statement discards its value.
    #[inline(never)]
    fn warn_if_never_awaited(&mut self, sim: &mut Sim<Value>, f: &Frame, c: &Rc<RefCell<CoroObj>>) {
        if Rc::strong_count(c) != 1 {
            return;
        }
        let cb = c.borrow();
        if !matches!(
            cb.body,
            CoroBody::Fresh(_) | CoroBody::Native(_) | CoroBody::WaitFor(_)
        ) {
            return;
        }
        let sp = f
            .code
            .spans
            .get(f.ip.saturating_sub(1))
            .copied()
            .unwrap_or_default();
        if !self.interp.warned_lines.borrow_mut().insert(sp.line) {
            return;
        }
        let name = cb.qualname.rsplit('.').next().unwrap_or("").to_string();
        let text = f
            .code
            .source
            .as_ref()
            .map(|s| s.line_text(sp.line).trim().to_string())
            .unwrap_or_default();
        sim.eprint(&format!(
            "main.py:{}: RuntimeWarning: coroutine '{name}' was never awaited\n  {text}\nRuntimeWarning: Enable tracemalloc to get the object allocation traceback\n",
            sp.line
        ));
    }

    /// Records where the coroutine this runner drives (its outermost frame)
    /// stands, for task reprs, which show the line of the task's own
    /// coroutine even while it awaits a nested one.
    pub fn note_line(&self) {
        if let Some(Entry::Py(f)) = self.stack.first() {
            if let Some(Ok(mut c)) = f.coro.as_ref().map(|c| c.try_borrow_mut()) {
                c.line = f.span().line;
            }
        }
    }

    /// Records the line the current task is running, for a task that prints
    /// itself: its outermost frame waits in a call if a nested frame runs,
    /// else it is the running frame, whose line the model holds.
    pub fn note_running_line(&self, sim: &Sim<Value>) {
        let Some(t) = sim.current_task() else {
            return;
        };
        let line = match self.stack.first() {
            Some(Entry::Py(f)) => f.span().line,
            _ => sim.span().line,
        };
        if let Some(Some(c)) = self.interp.task_coros.borrow().get(t.0 as usize) {
            if let Ok(mut c) = c.try_borrow_mut() {
                c.line = line;
            }
        }
    }

    /// Remembers the coroutine of the task this runner starts (the main
    /// task of `asyncio.run` is created by the model, not by `spawn`).
    fn register_task(&self, sim: &Sim<Value>) {
        let (Some(t), Some(Entry::Py(f))) = (sim.current_task(), self.stack.first()) else {
            return;
        };
        if let Some(c) = &f.coro {
            let mut coros = self.interp.task_coros.borrow_mut();
            let slot = task_coro_slot(&mut coros, t.0);
            if slot.is_none() {
                *slot = Some(c.clone());
            }
        }
    }

    /// Raises `e` at the current instruction of `f`: the frame goes on at
    /// its handler, resumed by `drive` with the exception thrown in.
    fn raise_here(&mut self, _f: &mut Frame, e: Value) -> Flow {
        if self.interp.stop.borrow().is_some() {
            return Flow::Fatal;
        }
        Flow::AwaitNative(Box::new(ReadyCoro(Some(Err(e)))))
    }

    /// A frame running `fun(first, *args)` when its signature takes exactly
    /// those positional arguments (reusing a finished frame), else `None`
    /// (then `bind_args` does the general binding).
    pub(crate) fn simple_frame(
        &mut self,
        fun: &Rc<Function>,
        first: Value,
        args: &mut Vec<Value>,
    ) -> Option<Box<Frame>> {
        let c = &fun.code;
        if c.is_async
            || c.varargs
            || c.varkw
            || c.kwonlycount != 0
            || c.argcount as usize != args.len() + 1
            || !c.cell_names.is_empty()
        {
            return None;
        }
        let nlocals = c.local_names.len();
        let mut new = self.plain_frame(fun, c.clone(), nlocals);
        new.locals.push(Some(first));
        new.locals.extend(args.drain(..).map(Some));
        while new.locals.len() < nlocals {
            new.locals.push(None);
        }
        Some(new)
    }

    /// Empties a finished frame and keeps it for reuse.
    fn recycle(&mut self, mut fr: Box<Frame>) {
        if self.spare.len() >= 64 {
            return;
        }
        fr.stack.clear();
        fr.locals.clear();
        fr.cells.clear();
        fr.blocks.clear();
        fr.exc_stack.clear();
        fr.coro = None;
        fr.init_result = None;
        fr.cache_into.clear();
        fr.gen = None;
        self.spare.push(fr);
    }

    /// A frame for a call of `fun` (whose code is `code`) with `nlocals`
    /// empty local slots, reusing a spare one when there is one: the fast
    /// call paths fill its locals straight from the caller's stack.
    #[inline]
    fn plain_frame(&mut self, fun: &Function, code: Rc<Code>, nlocals: usize) -> Box<Frame> {
        match self.spare.pop() {
            Some(mut fr) => {
                fr.code = code;
                fr.ip = 0;
                fr.coro = None;
                fr.discard_input = false;
                if !fun.closure.is_empty() {
                    fr.cells.extend(fun.closure.iter().cloned());
                }
                fr
            }
            None => Box::new(Frame::new(
                code,
                Vec::with_capacity(nlocals),
                fun.closure.clone(),
            )),
        }
    }

    /// Makes `new` the running frame, keeping the caller on the stack.
    fn enter_frame(&mut self, f: &mut Frame, mut new: Box<Frame>) -> PyResult<()> {
        if self.stack.len() + 1 >= self.interp.limits.max_depth {
            return err(ExcClass::RecursionError, "maximum recursion depth exceeded");
        }
        // Swapping reuses the callee's box for the caller: no allocation.
        std::mem::swap(f, &mut *new);
        self.stack.push(Entry::Py(new));
        Ok(())
    }

    fn cell_name(&self, code: &Code, i: usize) -> Rc<str> {
        if i < code.cell_names.len() {
            code.cell_names[i].clone()
        } else {
            code.free_names
                .get(i - code.cell_names.len())
                .cloned()
                .unwrap_or_else(|| Rc::from("?"))
        }
    }

    /// Pushes a call's value, or turns it into control flow.
    fn finish_call(&mut self, f: &mut Frame, out: CallOut) -> Option<Flow> {
        match out {
            CallOut::Value(v) => {
                f.stack.push(v);
                None
            }
            CallOut::Frame(fr) => Some(Flow::Call(fr)),
            CallOut::Suspend(step) => Some(Flow::Suspend(step)),
            CallOut::Native(n) => Some(Flow::AwaitNative(n)),
            CallOut::Resume(frames, input) => Some(Flow::Resume(frames, input)),
        }
    }

    /// Carries out what [`Runner::await_value`] asked for in frame `f`.
    fn after_await(
        &mut self,
        sim: &mut Sim<Value>,
        f: &mut Frame,
        r: PyResult<Option<Flow>>,
    ) -> Awaited {
        match r {
            Ok(Some(Flow::Call(new))) => match self.enter_frame(f, new) {
                Ok(()) => Awaited::Entered,
                Err(e) => Awaited::Here(Err(e)),
            },
            // A library coroutine (`q.put(x)`, `lock.acquire()`) often
            // finishes in its first step: running that step here, as `drive`
            // would right after, saves the trip out of the frame loop and
            // back for most awaits.
            Ok(Some(Flow::AwaitNative(mut c))) => match c.resume(sim, Sent::Start) {
                Step::Return(v) => {
                    f.stack.push(v);
                    Awaited::Here(Ok(()))
                }
                Step::Raise(e) => Awaited::Here(Err(e)),
                step => Awaited::Out(Flow::AwaitStarted(c, step)),
            },
            Ok(Some(fl)) => Awaited::Out(fl),
            Ok(None) => Awaited::Here(Ok(())),
            Err(e) => Awaited::Here(Err(e)),
        }
    }

    /// `await v`: `Ok(None)` when the result was pushed at once.
    fn await_value(&mut self, v: Value) -> PyResult<Option<Flow>> {
        match v {
            Value::Coro(c) => {
                let mut cb = c.borrow_mut();
                match std::mem::replace(&mut cb.body, CoroBody::Running) {
                    CoroBody::Fresh(mut frame) => {
                        frame.coro = Some(c.clone());
                        Ok(Some(Flow::Call(frame)))
                    }
                    CoroBody::Native(n) => {
                        cb.body = CoroBody::Done;
                        Ok(Some(Flow::AwaitNative(n)))
                    }
                    CoroBody::WaitFor(w) => {
                        cb.body = CoroBody::Done;
                        Ok(Some(Flow::WaitFor(w)))
                    }
                    CoroBody::Ready(r) => {
                        cb.body = CoroBody::Done;
                        match r {
                            Ok(v) => Ok(Some(Flow::AwaitNative(Box::new(ReadyCoro(Some(Ok(v))))))),
                            Err(e) => Err(e),
                        }
                    }
                    CoroBody::AgenStep(step) => {
                        cb.body = CoroBody::Done;
                        let step = *step;
                        let (frames, input) = crate::runtime::generators::gen_take(
                            &step.gen,
                            step.action,
                            step.mode,
                        )?;
                        Ok(Some(Flow::Resume(frames, input)))
                    }
                    CoroBody::ByHand(state) => {
                        cb.body = CoroBody::ByHand(state);
                        err(
                            ExcClass::RuntimeError,
                            crate::runtime::by_hand::NOT_AWAITABLE,
                        )
                    }
                    other => {
                        cb.body = other;
                        err(
                            ExcClass::RuntimeError,
                            "cannot reuse already awaited coroutine",
                        )
                    }
                }
            }
            Value::Future(id) => Ok(Some(Flow::Suspend(Step::Await(id)))),
            Value::Gen(g) if crate::runtime::gen_await::awaitable(&g, false) => {
                crate::runtime::gen_await::await_gen(&g)
            }
            other => err(
                ExcClass::TypeError,
                format!(
                    "object {} can't be used in 'await' expression",
                    other.type_name()
                ),
            ),
        }
    }

    /// Calls any callable value.
    pub fn call_value(
        &mut self,
        sim: &mut Sim<Value>,
        func: Value,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> PyResult<CallOut> {
        match func {
            Value::Func(fun) => {
                let mut frame = bind_args(&fun, args, kwargs)?;
                if fun.code.is_generator {
                    frame.stack = Vec::new();
                    let g = crate::runtime::objects::GenObj::new_value(
                        frame,
                        fun.code.qualname.clone(),
                        fun.code.is_async,
                    );
                    if let Value::Gen(g) = &g {
                        g.iterable_coroutine.set(fun.iterable_coroutine.get());
                    }
                    return Ok(CallOut::Value(g));
                }
                if fun.code.is_async {
                    // A coroutine object may wait long before it runs, or never
                    // run (10^7 of them in a list): its value stack is made when
                    // it first pushes, rather than eight slots reserved now.
                    frame.stack = Vec::new();
                    let id = self.interp.fresh_id();
                    Ok(CallOut::Value(CoroObj::new_value(
                        Qualname::Shared(fun.code.qualname.clone()),
                        id,
                        CoroBody::Fresh(Box::new(frame)),
                    )))
                } else {
                    Ok(CallOut::Frame(Box::new(frame)))
                }
            }
            Value::Builtin(name) => self.call_builtin(sim, name, args, kwargs),
            Value::Method(m) => {
                let (recv, name) = (m.0.clone(), m.1.clone());
                self.call_method(sim, recv, &name, args, kwargs)
            }
            Value::Type(name) => self.call_type(sim, name, args, kwargs),
            Value::ExcType(c) if c.is_subclass(ExcClass::BaseExceptionGroup) => Ok(CallOut::Value(
                crate::runtime::exc_group::construct(c, args)?,
            )),
            Value::ExcType(ExcClass::JSONDecodeError) => {
                crate::runtime::library::json::decode_error_from(args).map(CallOut::Value)
            }
            Value::ExcType(c) => Ok(CallOut::Value(Value::Exc(Rc::new(Exc::new(c, args))))),
            Value::Class(c) => self.instantiate(sim, c, args, kwargs),
            Value::Instance(_) => match self.user_method(sim, &func, "__call__", args, kwargs) {
                Some(r) => r.map_err(|e| match &e {
                    Value::Exc(x) if x.class == ExcClass::AttributeError => Exc::value(
                        ExcClass::TypeError,
                        format!("'{}' object is not callable", func.type_name()),
                    ),
                    _ => e,
                }),
                None => err(
                    ExcClass::TypeError,
                    format!("'{}' object is not callable", func.type_name()),
                ),
            },
            Value::Obj(o) => match &*o {
                crate::runtime::objects::Obj::Partial(f, bound, bound_kw) => {
                    let mut all = bound.clone();
                    all.extend(args);
                    // Keywords given at the call override the bound ones.
                    let mut kw: Vec<(Rc<str>, Value)> = bound_kw
                        .iter()
                        .filter(|(k, _)| !kwargs.iter().any(|(k2, _)| k2 == k))
                        .cloned()
                        .collect();
                    kw.extend(kwargs);
                    self.call_value(sim, f.clone(), all, kw)
                }
                crate::runtime::objects::Obj::Wrapped(_) => {
                    self.call_wrapped(sim, &o, args, kwargs)
                }
                crate::runtime::objects::Obj::NtClass(c) => {
                    crate::runtime::library::namedtuple::instantiate(
                        c,
                        crate::runtime::builtins::Args {
                            pos: args,
                            kw: kwargs,
                        },
                    )
                    .map(CallOut::Value)
                }
                crate::runtime::objects::Obj::StaticMethod(f)
                | crate::runtime::objects::Obj::ClassMethod(f) => {
                    self.call_value(sim, f.clone(), args, kwargs)
                }
                crate::runtime::objects::Obj::CtxFactory(f, is_async) => {
                    self.call_ctx_factory(sim, f, *is_async, args, kwargs)
                }
                _ => err(
                    ExcClass::TypeError,
                    format!("'{}' object is not callable", o.type_name()),
                ),
            },
            other => err(
                ExcClass::TypeError,
                format!("'{}' object is not callable", other.type_name()),
            ),
        }
    }

    /// Checks the collection-size limit before a store grows a container.
    fn check_size(&self, c: &Value) -> PyResult<()> {
        let max = self.interp.limits.max_collection;
        let len = match c {
            Value::List(l) => l.borrow().len(),
            Value::Dict(d) => d.borrow().len(),
            _ => 0,
        };
        if len >= max {
            return err(
                ExcClass::MemoryError,
                format!("{} larger than the limit of {max} items", c.type_name()),
            );
        }
        Ok(())
    }
}

/// A native coroutine that finishes at once (awaiting a ready value).
pub struct ReadyCoro(pub Option<Result<Value, Value>>);

impl Coroutine<Value> for ReadyCoro {
    fn resume(&mut self, _sim: &mut Sim<Value>, _sent: Sent<Value>) -> Step<Value> {
        match self.0.take() {
            Some(Ok(v)) => Step::Return(v),
            Some(Err(e)) => Step::Raise(e),
            None => Step::Return(Value::None),
        }
    }

    fn name(&self) -> String {
        "ready".into()
    }
}

impl Coroutine<Value> for Runner {
    fn resume(&mut self, sim: &mut Sim<Value>, sent: Sent<Value>) -> Step<Value> {
        if let Some(step) = self.deferred.take() {
            return step;
        }
        // Events the model records while resuming (a task step beginning)
        // belong to where this code stands.
        if let Some(Entry::Py(f)) = self.stack.iter().rev().find(|e| matches!(e, Entry::Py(_))) {
            sim.set_span(f.span());
        }
        let start = matches!(sent, Sent::Start);
        let input = match sent {
            Sent::Start => Input::Nothing,
            Sent::Value(v) => Input::Value(v),
            Sent::Throw(e) => Input::Throw(e),
        };
        if start {
            self.register_task(sim);
        }
        let step = self.drive(sim, input);
        if crate::runtime::generators::any_dropped() {
            self.finalise_dropped(sim);
        }
        if matches!(step, Step::Await(_) | Step::Yield) {
            self.note_line();
        }
        // Report CPU time used before the step that ends this slice.
        if self.cpu_pending > 0 && !matches!(step, Step::Compute(_)) {
            let c = self.cpu_pending;
            self.cpu_pending = 0;
            self.deferred = Some(step);
            return Step::Compute(c);
        }
        step
    }

    fn name(&self) -> String {
        self.name.to_string()
    }

    fn defined_at(&self) -> Option<String> {
        (self.def_line > 0).then(|| format!("main.py:{}", self.def_line))
    }

    fn call_repr(&self, sim: &Sim<Value>, extra: Option<&Value>) -> Option<String> {
        let (func, args, kwargs) = &**self.callee.as_ref()?;
        let mut args = args.clone();
        args.extend(extra.cloned());
        let future = |f| crate::runtime::library::asyncio::future_repr(&self.interp, sim, f);
        Some(format_callback(func, &args, kwargs, "", &future))
    }
}

/// The slot of task number `t` in [`Interp::task_coros`], made if missing.
pub(crate) fn task_coro_slot(
    coros: &mut Vec<Option<Rc<RefCell<CoroObj>>>>,
    t: u32,
) -> &mut Option<Rc<RefCell<CoroObj>>> {
    let i = t as usize;
    if coros.len() <= i {
        coros.resize(i + 1, None);
    }
    &mut coros[i]
}

/// `raise X`: an exception class is instantiated; anything else is a `TypeError`.
pub fn make_exception(v: Value) -> PyResult {
    match v {
        Value::Exc(_) => Ok(v),
        Value::ExcType(c) => Ok(Value::Exc(Rc::new(Exc::new(c, vec![])))),
        _ => err(
            ExcClass::TypeError,
            "exceptions must derive from BaseException",
        ),
    }
}

/// Whether exception `e` matches the `except` clause's class (or tuple of classes).
pub fn exc_matches(e: &Value, cls: &Value) -> PyResult<bool> {
    let Value::Exc(x) = e else { return Ok(false) };
    let one = |c: &Value| match c {
        Value::ExcType(c) => Some(x.class.is_subclass(*c)),
        Value::Class(c) if c.exc_base.is_some() => {
            Some(x.user.as_ref().is_some_and(|u| u.class.is_subclass(c)))
        }
        _ => None,
    };
    match cls {
        Value::ExcType(_) | Value::Class(_) if one(cls).is_some() => Ok(one(cls).unwrap_or(false)),
        // CPython accepts only classes inside the tuple (no nested tuples),
        // so one level is all there is to look at.
        Value::Tuple(t) if t.iter().all(|c| one(c).is_some()) => {
            Ok(t.iter().any(|c| one(c).unwrap_or(false)))
        }
        _ => err(
            ExcClass::TypeError,
            "catching classes that do not inherit from BaseException is not allowed",
        ),
    }
}

/// Binds call arguments to a function's parameters, building its frame.
pub fn bind_args(
    fun: &Rc<Function>,
    args: Vec<Value>,
    kwargs: Vec<(Rc<str>, Value)>,
) -> PyResult<Frame> {
    let code = &fun.code;
    let nlocals = code.local_names.len();
    let mut locals: Vec<Option<Value>> = vec![None; nlocals];
    let argc = code.argcount as usize;
    let kwonly = code.kwonlycount as usize;
    let fname = &code.qualname;
    let mut extra = Vec::new();
    let nargs = args.len();
    for (i, a) in args.into_iter().enumerate() {
        if i < argc {
            locals[i] = Some(a);
        } else if code.varargs {
            extra.push(a);
        } else {
            let given = nargs;
            let w = if given == 1 { "was" } else { "were" };
            let ndef = fun.defaults.len();
            let takes = if ndef > 0 {
                format!("from {} to {argc} positional arguments", argc - ndef)
            } else {
                let s = if argc == 1 { "" } else { "s" };
                format!("{argc} positional argument{s}")
            };
            return err(
                ExcClass::TypeError,
                format!("{fname}() takes {takes} but {given} {w} given"),
            );
        }
    }
    let mut varkw = Dict::new();
    for (k, v) in kwargs {
        match code.local_names[..argc + kwonly]
            .iter()
            .position(|n| **n == *k)
        {
            Some(i) => {
                if locals[i].is_some() {
                    return err(
                        ExcClass::TypeError,
                        format!("{fname}() got multiple values for argument '{k}'"),
                    );
                }
                locals[i] = Some(v);
            }
            None => {
                if code.varkw {
                    varkw.insert(
                        crate::runtime::value::HashKey::Str(k.clone()),
                        Value::Str(k),
                        v,
                    );
                } else {
                    return err(
                        ExcClass::TypeError,
                        format!("{fname}() got an unexpected keyword argument '{k}'"),
                    );
                }
            }
        }
    }
    let ndef = fun.defaults.len();
    let mut missing = Vec::new();
    #[allow(clippy::needless_range_loop)]
    for i in 0..argc {
        if locals[i].is_none() {
            if i >= argc - ndef {
                locals[i] = Some(fun.defaults[i - (argc - ndef)].clone());
            } else {
                missing.push(format!("'{}'", code.local_names[i]));
            }
        }
    }
    if !missing.is_empty() {
        let n = missing.len();
        let s = if n == 1 { "" } else { "s" };
        let list = match n {
            1 => missing[0].clone(),
            2 => format!("{} and {}", missing[0], missing[1]),
            _ => format!("{}, and {}", missing[..n - 1].join(", "), missing[n - 1]),
        };
        return err(
            ExcClass::TypeError,
            format!("{fname}() missing {n} required positional argument{s}: {list}"),
        );
    }
    #[allow(clippy::needless_range_loop)]
    for i in argc..argc + kwonly {
        if locals[i].is_none() {
            let name = &code.local_names[i];
            match fun.kwdefaults.iter().find(|(k, _)| k == name) {
                Some((_, v)) => locals[i] = Some(v.clone()),
                None => {
                    return err(
                        ExcClass::TypeError,
                        format!("{fname}() missing 1 required keyword-only argument: '{name}'"),
                    )
                }
            }
        }
    }
    let mut slot = argc + kwonly;
    if code.varargs {
        locals[slot] = Some(Value::new_tuple(extra));
        slot += 1;
    }
    if code.varkw {
        locals[slot] = Some(Value::Dict(Rc::new(RefCell::new(varkw))));
    }
    let mut cells: Vec<Cell> = (0..code.cell_names.len())
        .map(|_| Rc::new(RefCell::new(None)))
        .collect();
    for &(slot, ci) in &code.cell_params {
        *cells[ci as usize].borrow_mut() = locals[slot as usize].take();
    }
    cells.extend(fun.closure.iter().cloned());
    Ok(Frame::new(code.clone(), locals, cells))
}
