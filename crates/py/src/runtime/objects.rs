//! Objects behind `Value::Coro`, `Value::Gen`, `Value::Iter` and `Value::Obj`:
//! coroutine objects, generators, iterators, and handles to things the model owns (locks, queues,
//! executors, threads…).

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use loopscope_sim::{Coroutine, FutureId};

use crate::runtime::value::{release, Garbage, Value};
use crate::runtime::vm::Frame;

/// What a coroutine object holds.
pub enum CoroBody {
    /// An `async def` body that has not started.
    Fresh(Box<Frame>),
    /// A model-native coroutine (`asyncio.sleep(1)`) that has not started.
    Native(Box<dyn Coroutine<Value>>),
    /// An awaitable that completes at once with this outcome (`Ok` value or `Err` exception).
    Ready(Result<Value, Value>),
    /// `asyncio.wait_for(coro, timeout)` not yet awaited: the awaitable and the timeout.
    WaitFor(Box<(Value, Option<f64>)>),
    /// A step of an async generator (`__anext__()`, `asend()`, `athrow()`, `aclose()`).
    AgenStep(Box<crate::runtime::generators::AgenStep>),
    /// Started by hand (`send`) and suspended: only `send`, `throw` and
    /// `close` go on with it.
    ByHand(Box<crate::runtime::by_hand::ByHand>),
    /// Being awaited or run by a task.
    Running,
    /// Finished.
    Done,
}

/// A coroutine's `__qualname__`.
#[derive(Clone, Debug)]
pub enum Qualname {
    /// An `async def`'s, shared with its code object.
    Shared(Rc<str>),
    /// A library coroutine's (`sleep`, `put`): a fixed name, so that the
    /// coroutine object of every `await q.get()` needs no string allocation.
    Static(&'static str),
}

impl std::ops::Deref for Qualname {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Qualname::Shared(s) => s,
            Qualname::Static(s) => s,
        }
    }
}

impl std::fmt::Display for Qualname {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self)
    }
}

impl Qualname {
    /// The name as a shared string.
    pub fn to_rc(&self) -> Rc<str> {
        match self {
            Qualname::Shared(s) => s.clone(),
            Qualname::Static(s) => Rc::from(*s),
        }
    }
}

/// A coroutine object.
pub struct CoroObj {
    /// `__qualname__`.
    pub qualname: Qualname,
    /// A small unique number for reprs.
    pub id: usize,
    /// Its state.
    pub body: CoroBody,
    /// The line of its `async def` (0 for model-native coroutines), for
    /// task reprs: `coro=<worker() done, defined at main.py:3>`.
    pub def_line: u32,
    /// The line where its frame last stood when it was suspended or
    /// printed, for task reprs: `coro=<worker() running at main.py:5>`.
    pub line: u32,
}

impl CoroObj {
    /// Wraps a body.
    pub fn new_value(qualname: Qualname, id: usize, body: CoroBody) -> Value {
        let def_line = match &body {
            CoroBody::Fresh(frame) => frame.code.first_line,
            _ => 0,
        };
        Value::Coro(Rc::new(RefCell::new(CoroObj {
            qualname,
            id,
            body,
            def_line,
            line: def_line,
        })))
    }
}

impl Drop for CoroObj {
    /// Hands an unstarted body (whose frame holds the arguments) to the
    /// iterative release, so that coroutines holding coroutines, a million
    /// deep, are freed in a loop (see `value::release`).
    fn drop(&mut self) {
        // One suspended by hand is closed, as CPython closes a coroutine
        // when its last reference goes (see `generators::dropped`).
        if matches!(self.body, CoroBody::ByHand(_)) {
            if let CoroBody::ByHand(state) = std::mem::replace(&mut self.body, CoroBody::Done) {
                crate::runtime::generators::dropped(crate::runtime::generators::Dropped::ByHand(
                    state,
                    self.qualname.clone(),
                    self.id,
                ));
            }
            return;
        }
        if !matches!(self.body, CoroBody::Running | CoroBody::Done) {
            release(Garbage::Body(std::mem::replace(
                &mut self.body,
                CoroBody::Done,
            )));
        }
    }
}

/// A generator object, from calling a function whose body yields: plain
/// (`def` with `yield`, generator expressions) or asynchronous.
///
/// While the generator runs, its frame is on the stack of the runner that
/// resumed it (`next()`, a `for` loop, an `await` of `__anext__()`), as in
/// CPython, and the object holds nothing; at each `yield` the frame comes
/// back here.
pub struct GenObj {
    /// `async def` with `yield`.
    pub is_async: bool,
    /// `__qualname__` (`outer.<locals>.gen`, `<genexpr>`).
    pub qualname: Rc<str>,
    /// Its frame while suspended (before the first resume too).
    pub state: RefCell<GenState>,
    /// Whether the frame has started (a value may be sent in).
    pub started: std::cell::Cell<bool>,
    /// How the current resume ends (see [`Resume`]).
    pub mode: std::cell::Cell<Resume>,
    /// An async generator already handed to the loop's `firstiter` hook
    /// (registered for `shutdown_asyncgens`).
    pub hooked: std::cell::Cell<bool>,
    /// The line of its `def`.
    pub def_line: u32,
    /// Made by a function `types.coroutine` marked (CPython's
    /// `CO_ITERABLE_COROUTINE`): it may be awaited.
    pub iterable_coroutine: std::cell::Cell<bool>,
    /// What the `anext(agen, default)` being awaited gives when the
    /// generator is exhausted.
    pub step_default: RefCell<Option<Value>>,
}

/// Where a generator's frame is.
pub enum GenState {
    /// Suspended at a `yield`, or not started.
    Suspended(Box<Frame>),
    /// On some runner's stack.
    Running,
    /// Returned, raised or closed.
    Done,
}

/// What the frame that resumed a generator does with its outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resume {
    /// A `for` loop, `async for` or `yield from`: exhaustion jumps out of
    /// the loop (with the return value, for `yield from`).
    Iter,
    /// `next()`, `send()`, `throw()`, an awaited `__anext__()`: exhaustion
    /// raises `StopIteration` (`StopAsyncIteration`).
    Call,
    /// `close()` / `aclose()`: `GeneratorExit` was thrown in; a `yield`
    /// is an error and exhaustion returns `None`.
    Close,
    /// `await` of a generator (from a class's `__await__`, or a function
    /// `types.coroutine` marked): what it yields goes to the task, as
    /// CPython's `Task.__step` receives it, and its return value is the
    /// `await`'s.
    Await,
}

impl GenObj {
    /// A generator over `frame`, not started.
    pub fn new_value(frame: Frame, qualname: Rc<str>, is_async: bool) -> Value {
        let def_line = frame.code.first_line;
        Value::Gen(Rc::new(GenObj {
            is_async,
            qualname,
            state: RefCell::new(GenState::Suspended(Box::new(frame))),
            started: std::cell::Cell::new(false),
            mode: std::cell::Cell::new(Resume::Call),
            hooked: std::cell::Cell::new(false),
            def_line,
            iterable_coroutine: std::cell::Cell::new(false),
            step_default: RefCell::new(None),
        }))
    }

    /// Whether it has finished.
    pub fn is_done(&self) -> bool {
        matches!(*self.state.borrow(), GenState::Done)
    }

    /// Whether it is suspended after starting (its `finally` blocks may still have to run).
    pub fn is_suspended_started(&self) -> bool {
        self.started.get() && matches!(*self.state.borrow(), GenState::Suspended(_))
    }
}

impl Drop for GenObj {
    /// Hands a suspended frame to the iterative release, as coroutine
    /// objects do, so that generators holding generators free in a loop.
    fn drop(&mut self) {
        if let GenState::Suspended(f) = std::mem::replace(self.state.get_mut(), GenState::Done) {
            // A generator dropped while suspended in its body is closed, as
            // CPython closes it when its last reference goes: its frame is
            // handed to the interpreter to run its `finally` blocks (see
            // `generators::finalise_dropped`).
            if self.started.get() && (!self.is_async || self.hooked.get()) {
                crate::runtime::generators::dropped(crate::runtime::generators::Dropped::Gen(
                    f,
                    self.qualname.clone(),
                    self.is_async,
                ));
            } else {
                release(Garbage::Frame(f));
            }
        }
    }
}

/// An iterator's position.
pub enum IterObj {
    /// Over a range.
    Range {
        /// Next value.
        next: i64,
        /// Values left.
        left: i64,
        /// Step.
        step: i64,
    },
    /// Over a list (live: appends during iteration are seen, as in Python).
    List(Rc<crate::runtime::value::List>, usize),
    /// Over a snapshot of values (tuples, dict keys, sets, strings).
    Items(Rc<crate::runtime::value::Tuple>, usize),
    /// Over model coroutines (`asyncio.as_completed`), each wrapped as a coroutine object.
    Coros(VecDeque<Value>),
    /// A lazy iterator (`itertools`, `zip`, `map`…), see `crate::runtime::library::itertools`.
    Lazy(Rc<RefCell<crate::runtime::library::itertools::Lazy>>),
    /// `enumerate` over a generator (lazily, as the generator has to run for
    /// each item): the iterator and the next count.
    Enumerate(Value, i64),
    /// `zip` with a generator among its iterators.
    Zip(Vec<Value>),
}

/// Handles to model objects and library objects with methods.
pub enum Obj {
    /// An event loop, by generation (`asyncio.get_running_loop()`, `new_event_loop()`).
    Loop(u32),
    /// The event loop policy (`asyncio.get_event_loop_policy()`): the
    /// model has one, whose loops are the model's.
    Policy,
    /// `asyncio.Barrier(parties)`.
    Barrier(loopscope_sim::BarrierId),
    /// `asyncio.Runner()`.
    AsyncRunner(RefCell<crate::runtime::library::aio_loop::RunnerState>),
    /// A loop handle (`call_soon`, `call_later`).
    Handle(loopscope_sim::HandleId),
    /// `asyncio.Lock`.
    Lock(loopscope_sim::LockId),
    /// `asyncio.Event`.
    Event(loopscope_sim::EventId),
    /// `asyncio.Semaphore` / `BoundedSemaphore`.
    Semaphore(loopscope_sim::SemaphoreId, bool),
    /// `asyncio.Condition`.
    Condition(loopscope_sim::ConditionId),
    /// `asyncio.Queue` and friends.
    Queue(loopscope_sim::QueueId, &'static str),
    /// `asyncio.timeout(...)`.
    Timeout(loopscope_sim::TimeoutId),
    /// `asyncio.TaskGroup()`.
    TaskGroup(loopscope_sim::TaskGroupId),
    /// A thread or process pool.
    Executor(loopscope_sim::ExecutorId, bool),
    /// A `concurrent.futures.Future` returned by `submit`.
    ConcurrentFuture(FutureId),
    /// `threading.Thread`, started or not.
    Thread(RefCell<ThreadObj>),
    /// `threading.Lock`.
    ThreadLock(loopscope_sim::ThreadLockId),
    /// `functools.partial`-like binding of arguments (`lambda` stand-in for callbacks).
    Partial(Value, Vec<Value>, Vec<(Rc<str>, Value)>),
    /// `logging.getLogger(name)`.
    Logger(Rc<str>),
    /// `dict.keys()`, `.values()` or `.items()`: a live view of a dict.
    DictView(ViewKind, Rc<RefCell<crate::runtime::value::Dict>>),
    /// `collections.deque`.
    Deque(RefCell<crate::runtime::library::collections::Deque>),
    /// A function made by `functools.lru_cache`/`cache`, or `wraps`.
    Wrapped(RefCell<crate::runtime::library::collections::Wrapped>),
    /// A class made by `collections.namedtuple`.
    NtClass(Rc<crate::runtime::library::namedtuple::NtClass>),
    /// An instance of a namedtuple class.
    Named(
        Rc<crate::runtime::library::namedtuple::NtClass>,
        Rc<crate::runtime::value::Tuple>,
    ),
    /// A `datetime`, `date`, `timedelta` or `timezone.utc`.
    Dt(crate::runtime::library::datetime::Dt),
    /// `staticmethod(f)`.
    StaticMethod(Value),
    /// `classmethod(f)`.
    ClassMethod(Value),
    /// `property(getter, setter)` (the setter is `None` until `@x.setter`).
    Property(Value, Value),
    /// `super()`: the class whose MRO is searched after, and the receiver.
    Super(Rc<crate::runtime::class::Class>, Value),
    /// The `__class__` cell of a class body, filled once the class exists.
    ClassCell(crate::runtime::function::Cell),
    /// `dataclasses.field(...)`.
    Field(crate::runtime::class::Field),
    /// `enum.auto()`.
    Auto,
    /// `contextlib.contextmanager(f)` (async: `asynccontextmanager`):
    /// calling it wraps `f`'s generator in a [`Obj::GenCtx`].
    CtxFactory(Value, bool),
    /// A context manager around a generator (async: an async generator).
    GenCtx(Value, bool),
    /// `contextlib.suppress(*exceptions)`.
    Suppress(Vec<Value>),
    /// `contextlib.closing(x)` (async: `aclosing`).
    Closing(Value, bool),
    /// `contextlib.nullcontext(enter_result)`: a sync and async manager that does nothing.
    NullContext(Value),
    /// `contextlib.ExitStack()` (async: `AsyncExitStack()`): the exits to
    /// run, in the order they were pushed.
    ExitStack(
        RefCell<Vec<crate::runtime::library::contextlib::ExitCb>>,
        bool,
    ),
    /// `contextvars.ContextVar(name)`.
    ContextVar(Rc<crate::runtime::library::contextvars::Var>),
    /// A `contextvars.Context`.
    Context(Rc<crate::runtime::library::contextvars::Context>),
    /// The `Token` that `ContextVar.set` returns.
    Token(crate::runtime::library::contextvars::Token),
    /// `int | None`: a `types.UnionType` (see `union.rs`).
    Union(Vec<Value>),
    /// `threading.Event`, `Semaphore`, `RLock` or `Condition`.
    Sync(RefCell<crate::runtime::library::threads::Sync>),
    /// A queue of the `queue` module.
    TQueue(RefCell<crate::runtime::library::threads::TQueue>),
    /// `concurrent.futures.as_completed(fs)`.
    AsCompleted(RefCell<crate::runtime::library::threads::AsCompleted>),
}

impl Drop for Obj {
    /// Hands what a `partial` or a `Thread` holds to the iterative release,
    /// so that `p = functools.partial(f, p)` a million times is freed in a
    /// loop (see `value::release`).
    fn drop(&mut self) {
        match self {
            Obj::Partial(f, args, kwargs) => {
                release(Garbage::Value(std::mem::replace(f, Value::None)));
                if !args.is_empty() {
                    release(Garbage::Values(std::mem::take(args)));
                }
                if !kwargs.is_empty() {
                    release(Garbage::Pairs(std::mem::take(kwargs)));
                }
            }
            Obj::Deque(d) => {
                let items = std::mem::take(&mut d.get_mut().items);
                if !items.is_empty() {
                    release(Garbage::Values(items.into()));
                }
            }
            Obj::Thread(t) => {
                let t = t.get_mut();
                release(Garbage::Value(std::mem::replace(
                    &mut t.target,
                    Value::None,
                )));
                if !t.args.is_empty() {
                    release(Garbage::Values(std::mem::take(&mut t.args)));
                }
                if !t.kwargs.is_empty() {
                    release(Garbage::Pairs(std::mem::take(&mut t.kwargs)));
                }
            }
            // Wrappers of one value: a program can wrap each in the last
            // (`f = staticmethod(f)` in a loop) until a limit stops it.
            Obj::StaticMethod(v)
            | Obj::ClassMethod(v)
            | Obj::NullContext(v)
            | Obj::Closing(v, _)
            | Obj::CtxFactory(v, _)
            | Obj::GenCtx(v, _)
            | Obj::Super(_, v) => {
                release(Garbage::Value(std::mem::replace(v, Value::None)));
            }
            Obj::Property(getter, setter) => {
                release(Garbage::Value(std::mem::replace(getter, Value::None)));
                release(Garbage::Value(std::mem::replace(setter, Value::None)));
            }
            Obj::Suppress(vs) if !vs.is_empty() => {
                release(Garbage::Values(std::mem::take(vs)));
            }
            Obj::Wrapped(w) => {
                let w = w.get_mut();
                release(Garbage::Value(std::mem::replace(&mut w.func, Value::None)));
                if let Some((a, b, c, d)) = w.names.take() {
                    release(Garbage::Values(vec![a, b, c, d]));
                }
            }
            Obj::ExitStack(exits, _) => {
                let held: Vec<Value> = std::mem::take(exits.get_mut())
                    .into_iter()
                    .map(|cb| match cb {
                        crate::runtime::library::contextlib::ExitCb::Exit(v)
                        | crate::runtime::library::contextlib::ExitCb::AsyncExit(v)
                        | crate::runtime::library::contextlib::ExitCb::Call(v)
                        | crate::runtime::library::contextlib::ExitCb::AsyncCall(v) => v,
                    })
                    .collect();
                if !held.is_empty() {
                    release(Garbage::Values(held));
                }
            }
            Obj::Field(f) => {
                let held: Vec<Value> = f
                    .default
                    .take()
                    .into_iter()
                    .chain(f.factory.take())
                    .collect();
                if !held.is_empty() {
                    release(Garbage::Values(held));
                }
            }
            _ => {}
        }
    }
}

/// Which view of a dict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewKind {
    /// `dict_keys`.
    Keys,
    /// `dict_values`.
    Values,
    /// `dict_items`.
    Items,
}

impl Obj {
    /// Python truthiness: an empty deque is false.
    pub fn truthy(&self) -> bool {
        match self {
            Obj::Deque(d) => d.try_borrow().map(|d| !d.items.is_empty()).unwrap_or(true),
            Obj::DictView(_, d) => d.try_borrow().map(|d| !d.is_empty()).unwrap_or(true),
            _ => true,
        }
    }

    /// The items a dict view or a deque currently shows.
    pub fn view_items(&self) -> Option<Vec<Value>> {
        if let Obj::Deque(d) = self {
            let items: Vec<Value> = d.borrow().items.iter().cloned().collect();
            crate::runtime::builtins::add_work(items.len());
            return Some(items);
        }
        if let Obj::Named(_, t) = self {
            return Some(t.0.clone());
        }
        let Obj::DictView(kind, d) = self else {
            return None;
        };
        let d = d.borrow();
        Some(match kind {
            ViewKind::Keys => d.keys(),
            ViewKind::Values => d.iter().map(|(_, v)| v.clone()).collect(),
            ViewKind::Items => d
                .iter()
                .map(|(k, v)| Value::new_tuple(vec![k.clone(), v.clone()]))
                .collect(),
        })
    }
}

/// A `threading.Thread` object.
pub struct ThreadObj {
    /// The callable.
    pub target: Value,
    /// Positional arguments.
    pub args: Vec<Value>,
    /// Keyword arguments.
    pub kwargs: Vec<(Rc<str>, Value)>,
    /// The name given or generated (`Thread-1`).
    pub name: String,
    /// The model thread once started.
    pub id: Option<loopscope_sim::ThreadId>,
    /// A `threading.Timer`'s interval, and once started the future its
    /// `cancel()` completes.
    pub timer: Option<(f64, Option<FutureId>)>,
}

/// `operator`'s callables, which are partials of private built-ins here:
/// each built-in with its type's `__name__` and `tp_name`.
const OPERATOR_CALLABLES: [(&str, &str, &str); 3] = [
    ("operator._itemgetter", "itemgetter", "operator.itemgetter"),
    ("operator._attrgetter", "attrgetter", "operator.attrgetter"),
    (
        "operator._methodcaller",
        "methodcaller",
        "operator.methodcaller",
    ),
];

/// The entry of [`OPERATOR_CALLABLES`] for a partial of `f`, if any.
fn operator_callable(f: &Value) -> Option<&'static (&'static str, &'static str, &'static str)> {
    match f {
        Value::Builtin(b) => OPERATOR_CALLABLES.iter().find(|c| c.0 == *b),
        _ => None,
    }
}

impl Obj {
    /// The type's name as CPython's messages print it (`tp_name`): the
    /// `__name__` with its module for the types written in C that carry one.
    pub fn tp_name(&self) -> &'static str {
        match self {
            Obj::Partial(f, ..) => operator_callable(f).map_or("functools.partial", |c| c.2),
            Obj::Deque(_) => "collections.deque",
            Obj::ThreadLock(_) => "_thread.lock",
            Obj::ContextVar(_) => "_contextvars.ContextVar",
            Obj::Context(_) => "_contextvars.Context",
            Obj::Token(_) => "_contextvars.Token",
            Obj::Dt(d) => match d {
                crate::runtime::library::datetime::Dt::DateTime(..) => "datetime.datetime",
                crate::runtime::library::datetime::Dt::Date(_) => "datetime.date",
                crate::runtime::library::datetime::Dt::Delta(_) => "datetime.timedelta",
                crate::runtime::library::datetime::Dt::Utc => "datetime.timezone",
            },
            _ => self.type_name(),
        }
    }

    /// `type(x).__name__`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Obj::Loop(_) => "_UnixSelectorEventLoop",
            Obj::AsyncRunner(_) => "Runner",
            Obj::Barrier(_) => "Barrier",
            Obj::Policy => "_UnixDefaultEventLoopPolicy",
            Obj::Handle(_) => "TimerHandle",
            Obj::Lock(_) => "Lock",
            Obj::Event(_) => "Event",
            Obj::Semaphore(_, false) => "Semaphore",
            Obj::Semaphore(_, true) => "BoundedSemaphore",
            Obj::Condition(_) => "Condition",
            Obj::Queue(_, k) => k,
            Obj::Timeout(_) => "Timeout",
            Obj::TaskGroup(_) => "TaskGroup",
            Obj::Executor(_, false) => "ThreadPoolExecutor",
            Obj::Executor(_, true) => "ProcessPoolExecutor",
            Obj::ConcurrentFuture(_) => "Future",
            Obj::Thread(_) => "Thread",
            Obj::ThreadLock(_) => "lock",
            Obj::Partial(f, ..) => operator_callable(f).map_or("partial", |c| c.1),
            Obj::ContextVar(_) => "ContextVar",
            Obj::Context(_) => "Context",
            Obj::Token(_) => "Token",
            Obj::Logger(_) => "Logger",
            Obj::DictView(ViewKind::Keys, _) => "dict_keys",
            Obj::DictView(ViewKind::Values, _) => "dict_values",
            Obj::DictView(ViewKind::Items, _) => "dict_items",
            Obj::Deque(_) => "deque",
            Obj::NtClass(_) => "type",
            Obj::Union(_) => "UnionType",
            Obj::Sync(s) => match &*s.borrow() {
                crate::runtime::library::threads::Sync::Event { .. } => "Event",
                crate::runtime::library::threads::Sync::Semaphore { bound: None, .. } => {
                    "Semaphore"
                }
                crate::runtime::library::threads::Sync::Semaphore { .. } => "BoundedSemaphore",
                crate::runtime::library::threads::Sync::RLock { .. } => "RLock",
                crate::runtime::library::threads::Sync::Condition { .. } => "Condition",
            },
            Obj::TQueue(q) => q.borrow().type_name(),
            Obj::AsCompleted(_) => "generator",
            Obj::Named(..) => "tuple",
            Obj::Dt(d) => d.type_name(),
            Obj::Wrapped(w) => w.try_borrow().map(|w| w.type_name()).unwrap_or("function"),
            Obj::StaticMethod(_) => "staticmethod",
            Obj::ClassMethod(_) => "classmethod",
            Obj::Property(..) => "property",
            Obj::Super(..) => "super",
            Obj::ClassCell(_) => "cell",
            Obj::Field(_) => "Field",
            Obj::Auto => "auto",
            Obj::CtxFactory(..) => "function",
            Obj::GenCtx(_, false) => "_GeneratorContextManager",
            Obj::GenCtx(_, true) => "_AsyncGeneratorContextManager",
            Obj::Suppress(_) => "suppress",
            Obj::Closing(_, false) => "closing",
            Obj::Closing(_, true) => "aclosing",
            Obj::NullContext(_) => "nullcontext",
            Obj::ExitStack(_, false) => "ExitStack",
            Obj::ExitStack(_, true) => "AsyncExitStack",
        }
    }

    /// `repr(x)`, given the object's id (the address CPython would show).
    pub fn repr(&self, id: u64) -> String {
        match self {
            Obj::Loop(_) => "<_UnixSelectorEventLoop running=True closed=False debug=False>".into(),
            Obj::Thread(t) => {
                let t = t.borrow();
                let state = if t.id.is_some() { "started" } else { "initial" };
                format!("<Thread({}, {state})>", t.name)
            }
            Obj::DictView(..) => {
                let items = self.view_items().unwrap_or_default();
                format!("{}({})", self.type_name(), Value::new_list(items).repr())
            }
            Obj::Deque(d) => {
                let d = d.borrow();
                let items = Value::new_list(d.items.iter().cloned().collect()).repr();
                match d.maxlen {
                    Some(m) => format!("deque({items}, maxlen={m})"),
                    None => format!("deque({items})"),
                }
            }
            Obj::Wrapped(w) => w.borrow().repr(id),
            Obj::NtClass(c) => format!("<class '__main__.{}'>", c.name),
            Obj::Union(m) => crate::runtime::union::repr(m),
            Obj::Named(c, t) => crate::runtime::library::namedtuple::repr(c, t),
            Obj::Dt(d) => d.repr(),
            Obj::ContextVar(_) | Obj::Context(_) | Obj::Token(_) => {
                crate::runtime::library::contextvars::repr(self, id).unwrap_or_default()
            }
            other => format!("<{} object at {id:#x}>", other.type_name()),
        }
    }
}

/// A task or future's repr when the model is not at hand.
pub fn future_repr(id: FutureId) -> String {
    format!("<Future #{}>", id.0)
}
