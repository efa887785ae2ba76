//! Objects behind `Value::Coro`, `Value::Iter` and `Value::Obj`: coroutine
//! objects, iterators, and handles to things the model owns (locks, queues,
//! executors, threads…).

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use loopscope_sim::{Coroutine, FutureId};

use crate::value::{release, Garbage, Value};
use crate::vm::Frame;

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
        if !matches!(self.body, CoroBody::Running | CoroBody::Done) {
            release(Garbage::Body(std::mem::replace(
                &mut self.body,
                CoroBody::Done,
            )));
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
    List(Rc<crate::value::List>, usize),
    /// Over a snapshot of values (tuples, dict keys, sets, strings).
    Items(Rc<crate::value::Tuple>, usize),
    /// Over model coroutines (`asyncio.as_completed`), each wrapped as a coroutine object.
    Coros(VecDeque<Value>),
    /// A lazy iterator (`itertools`, `zip`, `map`…), see `crate::itertools`.
    Lazy(Rc<RefCell<crate::itertools::Lazy>>),
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
    AsyncRunner(RefCell<crate::aio_loop::RunnerState>),
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
    DictView(ViewKind, Rc<RefCell<crate::value::Dict>>),
    /// `collections.deque`.
    Deque(RefCell<crate::collections::Deque>),
    /// A function made by `functools.lru_cache`/`cache`, or `wraps`.
    Wrapped(RefCell<crate::collections::Wrapped>),
    /// A class made by `collections.namedtuple`.
    NtClass(Rc<crate::namedtuple::NtClass>),
    /// An instance of a namedtuple class.
    Named(Rc<crate::namedtuple::NtClass>, Rc<crate::value::Tuple>),
    /// A `datetime`, `date`, `timedelta` or `timezone.utc`.
    Dt(crate::datetime::Dt),
    /// `staticmethod(f)`.
    StaticMethod(Value),
    /// `classmethod(f)`.
    ClassMethod(Value),
    /// `property(getter, setter)` (the setter is `None` until `@x.setter`).
    Property(Value, Value),
    /// `super()`: the class whose MRO is searched after, and the receiver.
    Super(Rc<crate::class::Class>, Value),
    /// The `__class__` cell of a class body, filled once the class exists.
    ClassCell(crate::code::Cell),
    /// `dataclasses.field(...)`.
    Field(crate::class::Field),
    /// `enum.auto()`.
    Auto,
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
            crate::builtins::add_work(items.len());
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
}

impl Obj {
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
            Obj::Partial(..) => "partial",
            Obj::Logger(_) => "Logger",
            Obj::DictView(ViewKind::Keys, _) => "dict_keys",
            Obj::DictView(ViewKind::Values, _) => "dict_values",
            Obj::DictView(ViewKind::Items, _) => "dict_items",
            Obj::Deque(_) => "deque",
            Obj::NtClass(_) => "type",
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
            Obj::Named(c, t) => crate::namedtuple::repr(c, t),
            Obj::Dt(d) => d.repr(),
            other => format!("<{} object at {id:#x}>", other.type_name()),
        }
    }
}

/// A task or future's repr when the model is not at hand.
pub fn future_repr(id: FutureId) -> String {
    format!("<Future #{}>", id.0)
}
