//! The methods of the library's objects, by kind: what `obj.name` finds
//! without calling it, and what `hasattr(obj, name)` answers.
//!
//! A call `obj.name(...)` goes straight to the kind's dispatcher, which
//! raises `AttributeError` for a name it does not know.  Reading the
//! attribute without calling it must agree: before these lists, every
//! library object bound any name, so `lock.typo` was a bound method and
//! `hasattr(lock, "anything")` was `True`, which duck-typed code (an
//! `if hasattr(x, "__aenter__")`) reads as a capability.  Each list names
//! what the kind's dispatcher answers; a test calls every listed method
//! and checks that the dispatcher knows it.

use crate::runtime::library::datetime::Dt;
use crate::runtime::objects::Obj;

/// A future's methods (`asyncio.Future`).
pub(crate) const FUTURE: &[&str] = &[
    "result",
    "exception",
    "done",
    "cancelled",
    "cancel",
    "set_result",
    "set_exception",
    "add_done_callback",
    "remove_done_callback",
    "get_loop",
    "__await__",
    "__iter__",
];

/// A task's own methods, beside a future's (`asyncio.Task`).
pub(crate) const TASK: &[&str] = &["get_name", "set_name", "cancelling", "uncancel", "get_coro"];

/// The event loop's methods.
const LOOP: &[&str] = &[
    "close",
    "get_debug",
    "get_task_factory",
    "is_closed",
    "is_running",
    "run_forever",
    "run_until_complete",
    "set_debug",
    "set_task_factory",
    "shutdown_asyncgens",
    "shutdown_default_executor",
    "stop",
    "call_exception_handler",
    "default_exception_handler",
    "get_exception_handler",
    "set_exception_handler",
    "call_at",
    "call_later",
    "call_soon",
    "call_soon_threadsafe",
    "create_future",
    "create_task",
    "run_in_executor",
    "time",
];

/// `asyncio.Runner`'s methods.
const RUNNER: &[&str] = &["__enter__", "__exit__", "close", "get_loop", "run"];

/// The event loop policy's methods.
const POLICY: &[&str] = &["get_event_loop", "new_event_loop", "set_event_loop"];

/// `asyncio.Barrier`'s methods.
const BARRIER: &[&str] = &["wait", "__aenter__", "__aexit__", "reset", "abort"];

/// A timed callback's handle's methods (`TimerHandle`).
const HANDLE: &[&str] = &["cancel", "cancelled", "when"];

/// The handle of a callback with no time (`Handle`).
pub(crate) const PLAIN_HANDLE: &[&str] = &["cancel", "cancelled"];

/// `asyncio.Lock`'s and `asyncio.Semaphore`'s methods.
const LOCK: &[&str] = &["acquire", "__aenter__", "release", "__aexit__", "locked"];

/// `asyncio.Event`'s methods.
const EVENT: &[&str] = &["set", "clear", "is_set", "wait"];

/// `asyncio.Condition`'s methods.
const CONDITION: &[&str] = &[
    "acquire",
    "__aenter__",
    "release",
    "__aexit__",
    "locked",
    "wait",
    "wait_for",
    "notify",
    "notify_all",
];

/// `asyncio.Queue`'s methods (and its priority and LIFO kinds').
const QUEUE: &[&str] = &[
    "put",
    "get",
    "join",
    "put_nowait",
    "get_nowait",
    "task_done",
    "qsize",
    "empty",
    "full",
];

/// `asyncio.timeout()`'s methods.
const TIMEOUT: &[&str] = &["__aenter__", "__aexit__", "reschedule", "when", "expired"];

/// `asyncio.TaskGroup`'s methods.
const TASK_GROUP: &[&str] = &["__aenter__", "__aexit__", "create_task"];

/// A thread or process pool's methods.
const EXECUTOR: &[&str] = &["submit", "map", "shutdown", "__enter__", "__exit__"];

/// `concurrent.futures.Future`'s methods.
const CONCURRENT_FUTURE: &[&str] = &[
    "result",
    "done",
    "cancelled",
    "cancel",
    "exception",
    "running",
    "add_done_callback",
    "remove_done_callback",
];

/// `threading.Timer`'s methods.
const TIMER: &[&str] = &["start", "join", "is_alive", "getName", "cancel"];

/// `threading.Event`'s methods.
const THREAD_EVENT: &[&str] = &["is_set", "set", "clear", "wait"];

/// `threading.Semaphore`'s and `RLock`'s methods.
const THREAD_SEMAPHORE: &[&str] = &["acquire", "release", "__enter__", "__exit__"];

/// `threading.Condition`'s methods.
const THREAD_CONDITION: &[&str] = &[
    "acquire",
    "release",
    "__enter__",
    "__exit__",
    "wait",
    "wait_for",
    "notify",
    "notify_all",
];

/// The `queue` module's queues' methods.
const THREAD_QUEUE: &[&str] = &[
    "qsize",
    "empty",
    "full",
    "get",
    "put",
    "get_nowait",
    "put_nowait",
    "task_done",
    "join",
];

/// `queue.SimpleQueue`'s methods.
const SIMPLE_QUEUE: &[&str] = &["qsize", "empty", "get", "put", "get_nowait", "put_nowait"];

/// `concurrent.futures.as_completed`'s iterator.
const AS_COMPLETED: &[&str] = &["__iter__", "__next__"];

/// `threading.Thread`'s methods.
const THREAD: &[&str] = &["start", "join", "is_alive", "getName"];

/// `threading.Lock`'s methods.
const THREAD_LOCK: &[&str] = &["acquire", "__enter__", "release", "__exit__", "locked"];

/// A logger's methods.
const LOGGER: &[&str] = &[
    "debug",
    "info",
    "warning",
    "warn",
    "error",
    "exception",
    "critical",
    "fatal",
    "setLevel",
    "isEnabledFor",
];

/// `collections.deque`'s methods.
const DEQUE: &[&str] = &[
    "append",
    "appendleft",
    "clear",
    "copy",
    "count",
    "extend",
    "extendleft",
    "index",
    "insert",
    "pop",
    "popleft",
    "remove",
    "reverse",
    "rotate",
];

/// `datetime.datetime`'s methods.
const DATETIME: &[&str] = &[
    "strftime",
    "isoformat",
    "timestamp",
    "date",
    "weekday",
    "isoweekday",
    "timetuple",
    "replace",
];

/// `datetime.date`'s methods.
const DATE: &[&str] = &["strftime", "isoformat", "weekday", "isoweekday"];

/// `datetime.timedelta`'s methods.
const TIMEDELTA: &[&str] = &["total_seconds"];

/// `datetime.timezone.utc`'s methods.
const TIMEZONE: &[&str] = &["utcoffset", "tzname"];

/// A generator's context manager (`@contextmanager`) and `closing`.
const CONTEXT_MANAGER: &[&str] = &["__enter__", "__exit__"];

/// The same for `@asynccontextmanager` and `aclosing`.
const ASYNC_CONTEXT_MANAGER: &[&str] = &["__aenter__", "__aexit__"];

/// `contextlib.nullcontext`, a manager of both kinds.
const NULL_CONTEXT: &[&str] = &["__enter__", "__exit__", "__aenter__", "__aexit__"];

/// `contextlib.ExitStack`'s methods.
const EXIT_STACK: &[&str] = &[
    "__enter__",
    "__exit__",
    "enter_context",
    "callback",
    "push",
    "pop_all",
    "close",
];

/// `contextlib.AsyncExitStack`'s methods.
const ASYNC_EXIT_STACK: &[&str] = &[
    "__aenter__",
    "__aexit__",
    "enter_context",
    "enter_async_context",
    "callback",
    "push",
    "pop_all",
    "push_async_callback",
    "push_async_exit",
    "aclose",
];

/// The methods an object of this kind has, or `None` for the kinds whose
/// attributes are looked up elsewhere (the class machinery's descriptors,
/// namedtuples, cached functions, context variables).
pub(crate) fn methods(o: &Obj) -> Option<&'static [&'static str]> {
    Some(match o {
        Obj::Loop(_) => LOOP,
        Obj::AsyncRunner(_) => RUNNER,
        Obj::Policy => POLICY,
        Obj::Barrier(_) => BARRIER,
        Obj::Handle(_) => HANDLE,
        Obj::Lock(_) | Obj::Semaphore(..) => LOCK,
        Obj::Event(_) => EVENT,
        Obj::Condition(_) => CONDITION,
        Obj::Queue(..) => QUEUE,
        Obj::Timeout(_) => TIMEOUT,
        Obj::TaskGroup(_) => TASK_GROUP,
        Obj::Executor(..) => EXECUTOR,
        Obj::ConcurrentFuture(_) => CONCURRENT_FUTURE,
        Obj::Thread(t) if t.borrow().timer.is_some() => TIMER,
        Obj::Thread(_) => THREAD,
        Obj::Sync(s) => match &*s.borrow() {
            crate::runtime::library::threads::Sync::Event { .. } => THREAD_EVENT,
            crate::runtime::library::threads::Sync::Condition { .. } => THREAD_CONDITION,
            _ => THREAD_SEMAPHORE,
        },
        Obj::TQueue(q)
            if q.borrow().kind == crate::runtime::library::threads::QueueKind::Simple =>
        {
            SIMPLE_QUEUE
        }
        Obj::TQueue(_) => THREAD_QUEUE,
        Obj::AsCompleted(_) => AS_COMPLETED,
        Obj::ThreadLock(_) => THREAD_LOCK,
        Obj::Logger(_) => LOGGER,
        Obj::Deque(_) => DEQUE,
        Obj::Dt(Dt::DateTime(..)) => DATETIME,
        Obj::Dt(Dt::Date(_)) => DATE,
        Obj::Dt(Dt::Delta(_)) => TIMEDELTA,
        Obj::Dt(Dt::Utc) => TIMEZONE,
        // `functools.partial` and the `operator` callables have data
        // attributes only; dict views and `suppress` have no methods here.
        Obj::Partial(..) | Obj::DictView(..) => &[],
        Obj::Suppress(_) | Obj::GenCtx(_, false) | Obj::Closing(_, false) => CONTEXT_MANAGER,
        Obj::GenCtx(_, true) | Obj::Closing(_, true) => ASYNC_CONTEXT_MANAGER,
        Obj::NullContext(_) => NULL_CONTEXT,
        Obj::ExitStack(_, false) => EXIT_STACK,
        Obj::ExitStack(_, true) => ASYNC_EXIT_STACK,
        Obj::Wrapped(_)
        | Obj::NtClass(_)
        | Obj::Union(_)
        | Obj::Named(..)
        | Obj::ContextVar(_)
        | Obj::Context(_)
        | Obj::Token(_)
        | Obj::StaticMethod(_)
        | Obj::ClassMethod(_)
        | Obj::Property(..)
        | Obj::Super(..)
        | Obj::ClassCell(_)
        | Obj::Field(_)
        | Obj::Auto
        | Obj::CtxFactory(..) => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Makes objects with `make` (an expression, inside a running loop)
    /// and calls each of `names` on a fresh one with no argument and with
    /// one, two and three of a few kinds (huge sizes among them): the dispatcher must know every
    /// listed method (a call may fail for its arguments, or for the
    /// object's state, but not with "has no attribute", and never panic),
    /// and a name not listed must not be found.
    fn check(setup: &str, make: &str, names: &[&str]) {
        let source = format!(
            "import asyncio, collections, concurrent.futures, contextlib, datetime, functools, logging, threading\n\
             {setup}\n\
             async def main():\n\
             \x20   for name in {names:?} + ['no_such_method']:\n\
             \x20       o = {make}\n\
             \x20       try:\n\
             \x20           m = getattr(o, name)\n\
             \x20       except AttributeError as e:\n\
             \x20           print('absent', name, e)\n\
             \x20           continue\n\
             \x20       for args in [(), (1,), (None, None), ('x', 1, 2), (2 ** 62,), ('x', 2 ** 62)]:\n\
             \x20           try:\n\
             \x20               r = getattr({make}, name)(*args)\n\
             \x20               if asyncio.iscoroutine(r):\n\
             \x20                   r.close()\n\
             \x20           except AttributeError as e:\n\
             \x20               if f\"attribute '{{name}}'\" in str(e):\n\
             \x20                   print('unknown', name, e)\n\
             \x20           except BaseException:\n\
             \x20               pass\n\
             asyncio.run(main())\n"
        );
        let out = crate::run(&source, &crate::Options::default());
        let stdout: String = out.stdout.iter().map(|w| w.text.as_str()).collect();
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(lines.len(), 1, "{make}: {stdout}{}", out.stderr);
        assert!(
            lines[0].starts_with("absent no_such_method ")
                && lines[0].ends_with("object has no attribute 'no_such_method'"),
            "{make}: {stdout}{}",
            out.stderr
        );
    }

    #[test]
    fn every_listed_method_is_known_to_its_dispatcher_and_no_other_name_is_found() {
        let gen = "@contextlib.contextmanager\ndef cm():\n    yield 1\n\
                   @contextlib.asynccontextmanager\nasync def acm():\n    yield 1\n\
                   class Closable:\n    def close(self): pass\n    async def aclose(self): pass\n";
        for (make, names) in [
            ("asyncio.get_running_loop()", LOOP),
            ("asyncio.Runner()", RUNNER),
            ("asyncio.get_event_loop_policy()", POLICY),
            ("asyncio.Barrier(2)", BARRIER),
            ("asyncio.get_running_loop().call_later(5, int)", HANDLE),
            ("asyncio.get_running_loop().call_soon(int)", PLAIN_HANDLE),
            ("asyncio.Lock()", LOCK),
            ("asyncio.Semaphore(2)", LOCK),
            ("asyncio.Event()", EVENT),
            ("asyncio.Condition()", CONDITION),
            ("asyncio.Queue()", QUEUE),
            ("asyncio.PriorityQueue()", QUEUE),
            ("asyncio.timeout(5)", TIMEOUT),
            ("asyncio.TaskGroup()", TASK_GROUP),
            ("concurrent.futures.ThreadPoolExecutor()", EXECUTOR),
            (
                "concurrent.futures.ThreadPoolExecutor().submit(int)",
                CONCURRENT_FUTURE,
            ),
            ("threading.Thread(target=int)", THREAD),
            ("threading.Lock()", THREAD_LOCK),
            ("logging.getLogger('x')", LOGGER),
            ("collections.deque([1, 2])", DEQUE),
            ("datetime.datetime(2020, 1, 2)", DATETIME),
            ("datetime.date(2020, 1, 2)", DATE),
            ("datetime.timedelta(1)", TIMEDELTA),
            ("datetime.timezone.utc", TIMEZONE),
            ("cm()", CONTEXT_MANAGER),
            ("contextlib.suppress(ValueError)", CONTEXT_MANAGER),
            ("contextlib.closing(Closable())", CONTEXT_MANAGER),
            ("acm()", ASYNC_CONTEXT_MANAGER),
            ("contextlib.aclosing(Closable())", ASYNC_CONTEXT_MANAGER),
            ("contextlib.ExitStack()", EXIT_STACK),
            ("contextlib.AsyncExitStack()", ASYNC_EXIT_STACK),
            ("contextlib.nullcontext()", NULL_CONTEXT),
            ("asyncio.get_running_loop().create_future()", FUTURE),
            ("asyncio.create_task(asyncio.sleep(1))", FUTURE),
            ("asyncio.create_task(asyncio.sleep(1))", TASK),
            ("functools.partial(int, 1)", &[]),
            ("{}.keys()", &[]),
        ] {
            check(gen, make, names);
        }
    }
}
