"""The Loopscope oracle: run an asyncio program under CPython 3.12 on a virtual clock.

    python3.12 tests/oracle/run.py [--real-clock] FILE.py

Every line the program prints gets a `[T] ` prefix, T being the virtual time of
the print (`f"{t:.6f}"`), the format of `loopscope run --timestamps`.

Virtual time (the default): the event loop's clock, `time.time`, `time.monotonic`
and `time.perf_counter` read one virtual clock that starts at 0.0.  It moves only
when every thread waits: then it jumps to the earliest deadline (a loop timer or
a thread's `time.sleep`).  Threads take turns holding a baton, so exactly one
runs at a time and Python code takes no virtual time.  README.md has the rules.

--real-clock: real time and real threads; only the prefix is added (the real
elapsed time).  check_real.py uses it to see that the line order agrees.

Exit status: the program's (1 after an uncaught exception, traceback on stderr),
3 when the virtual run deadlocks (nothing can ever run again).
"""

import _thread
import builtins
import collections
import gc
import heapq
import importlib.util
import io
import itertools
import linecache
import os
import sys
import threading
import time
import traceback
import types
import weakref

DEADLOCK_STATUS = 3
CORES = 4  # the virtual machine's cores, like Loopscope's default: os.cpu_count()


class Stamped(io.TextIOBase):
    """stdout that starts every line with `[T] `, T being the clock at the write."""

    def __init__(self, clock, write, flush=lambda: None):
        self.clock, self.raw_write, self.raw_flush, self.at_line_start = clock, write, flush, True

    def flush(self):
        self.raw_flush()

    def write(self, text):
        stamp, pieces, i = f"[{self.clock():.6f}] ", [], 0
        while i < len(text):
            j = text.find("\n", i)
            j = len(text) if j < 0 else j + 1
            if self.at_line_start:
                pieces.append(stamp)
            pieces.append(text[i:j])
            self.at_line_start = text[j - 1] == "\n"
            i = j
        self.raw_write("".join(pieces))
        return len(text)


# --------------------------------------------------------------------------
# Virtual threads: one baton, passed when the thread holding it waits.


class VThread:
    """What the scheduler knows about one thread."""

    def __init__(self, name, is_main=False):
        self.name, self.is_main = name, is_main
        self.gate = _thread.allocate_lock()  # released to hand this thread the baton
        self.gate.acquire()
        self.state = "runnable"  # runnable | sleep | lock | join | select | done
        self.wake = None  # virtual time at which a timed wait ends, if any
        self.seq = 0  # tie-break between equal wake times: who started waiting first
        self.lock = None  # the VLock waited on
        self.loop = None  # the event loop waited on in select()
        self.joiners = []


class Scheduler:
    """Owns the virtual clock and decides which thread holds the baton."""

    def __init__(self):
        self.now = 0.0
        self.seq = itertools.count()
        self.threads = {threading.main_thread(): VThread("MainThread", is_main=True)}
        self.current = self.threads[threading.main_thread()]
        self.runnable = collections.deque()

    def make_runnable(self, t):
        if t.state in ("runnable", "done"):
            return
        if t.lock is not None:
            t.lock._waiters.remove(t)
            t.lock = None
        t.state, t.wake = "runnable", None
        self.runnable.append(t)

    def wait(self, state, wake=None, seq=0):
        """The running thread waits (until made runnable, or until `wake`)."""
        me = self.current
        me.state, me.wake, me.seq = state, wake, seq
        t = self.current = self.pick_next()
        if t is not me:
            t.gate.release()  # hand over the baton ...
            me.gate.acquire()  # ... and wait to get it back

    def pick_next(self):
        # Nothing runnable: the clock jumps to the earliest timed wait.  At equal
        # times the other threads go before the main (loop) thread, then by who
        # started waiting first.
        while not self.runnable:
            timed = [t for t in self.threads.values() if t.wake is not None and t.state != "runnable"]
            if not timed:
                self.deadlock()
            t = min(timed, key=lambda t: (t.wake, t.is_main, t.seq))
            self.now = max(self.now, t.wake)
            self.make_runnable(t)
        return self.runnable.popleft()

    def exit(self):
        """The running thread ends; it hands the baton on and never waits again."""
        me = self.current
        me.state, me.wake = "done", None
        for t in me.joiners:
            self.make_runnable(t)
        self.current = self.pick_next()
        self.current.gate.release()

    def deadlock(self):
        sys.stdout.flush()
        lines = [f"deadlock at {self.now:.6f}: nothing is ready, no timer is pending and no thread can run"]
        for t in self.threads.values():
            if t.state == "done":
                continue
            lines.append(f"  thread {t.name}: waiting ({t.state})")
            if t.loop is not None:
                for task in sorted(asyncio.all_tasks(t.loop), key=creation_order):
                    lines.append(f"    task {task.get_name()} ({task.get_coro().__qualname__}) is pending")
        print("\n".join(lines), file=sys.stderr, flush=True)
        os._exit(DEADLOCK_STATUS)


class VLock:
    """`threading.Lock` on virtual threads: a blocked acquire hands the baton on."""

    def __init__(self):
        self._owned, self._waiters = False, []

    def acquire(self, blocking=True, timeout=-1):
        if self._owned and blocking:
            deadline = None if timeout < 0 else SCHED.now + timeout
            seq = next(SCHED.seq)
            while self._owned and (deadline is None or SCHED.now < deadline):
                self._waiters.append(SCHED.current)
                SCHED.current.lock = self
                SCHED.wait("lock", deadline, seq)
        if self._owned:
            return False
        self._owned = True
        return True

    def release(self):
        if not self._owned:
            raise RuntimeError("release unlocked lock")
        self._owned = False
        if self._waiters:
            SCHED.make_runnable(self._waiters[0])

    def locked(self):
        return self._owned

    def _at_fork_reinit(self):
        self._owned, self._waiters = False, []

    __enter__ = acquire

    def __exit__(self, *exc):
        self.release()


def virtual_sleep(seconds):
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    if seconds > 0:
        SCHED.wait("sleep", SCHED.now + seconds, next(SCHED.seq))


def thread_start(self):
    """`Thread.start`: the new thread is runnable, but the caller keeps running."""
    if self._started.is_set() or self in SCHED.threads:
        raise RuntimeError("threads can only be started once")
    t = SCHED.threads[self] = VThread(self.name)
    SCHED.runnable.append(t)
    with threading._active_limbo_lock:
        threading._limbo[self] = self
    _thread.start_new_thread(run_thread, (self, t))


def run_thread(thread, t):
    t.gate.acquire()  # wait for the baton
    try:
        thread._bootstrap()
    finally:
        SCHED.exit()


def thread_join(self, timeout=None):
    t = SCHED.threads.get(self)
    if t is None:
        raise RuntimeError("cannot join thread before it is started")
    if t is SCHED.current:
        raise RuntimeError("cannot join current thread")
    if t.state != "done":
        me = SCHED.current
        t.joiners.append(me)
        SCHED.wait("join", None if timeout is None else SCHED.now + max(timeout, 0), next(SCHED.seq))
        t.joiners.remove(me)
    if t.state == "done":
        ORIGINAL_JOIN(self)  # the OS thread is only tearing down: this returns at once


def thread_is_alive(self):
    t = SCHED.threads.get(self)
    return t is not None and t.state != "done"


def install_virtual_threads():
    """Patch time and threading before asyncio and concurrent.futures are imported."""
    global SCHED, ORIGINAL_JOIN
    SCHED = Scheduler()
    clock = lambda: SCHED.now  # noqa: E731
    clock_ns = lambda: round(SCHED.now * 1e9)  # noqa: E731
    time.time = time.monotonic = time.perf_counter = threading._time = clock
    time.time_ns = time.monotonic_ns = time.perf_counter_ns = clock_ns
    time.sleep = virtual_sleep
    threading.Lock = threading._allocate_lock = VLock
    threading._CRLock = None  # RLock, Condition, Semaphore, Event: pure Python over VLock
    ORIGINAL_JOIN = threading.Thread.join
    threading.Thread.start = thread_start
    threading.Thread.join = thread_join
    threading.Thread.is_alive = thread_is_alive
    import queue

    queue.SimpleQueue = queue._PySimpleQueue  # the executors' work queue, over VLock
    sys.stdout = Stamped(clock, sys.stdout.write, sys.stdout.flush)
    install_virtual_calendar(clock)


def install_virtual_calendar(clock):
    """Dates read the virtual clock, in UTC, as Loopscope's do.

    The clock's 0.0 is the epoch, so `datetime.now()` starts at
    1970-01-01 00:00:00.  `time.localtime()`, `gmtime()`, `ctime()`,
    `asctime()` and `strftime()` without a time read the virtual clock
    instead of the C library's; the zone is UTC (Loopscope has no time
    zones).  `datetime` is the pure-Python one (`_pydatetime`, the same
    code and reprs as the C one), because only it takes `now()` from
    `time.time()`, which reads the virtual clock.
    """
    os.environ["TZ"] = "UTC"
    time.tzset()
    real = {n: getattr(time, n) for n in ("localtime", "gmtime", "ctime")}
    time.localtime = lambda secs=None: real["localtime"](clock() if secs is None else secs)
    time.gmtime = lambda secs=None: real["gmtime"](clock() if secs is None else secs)
    time.ctime = lambda secs=None: real["ctime"](clock() if secs is None else secs)
    real_asctime, real_strftime = time.asctime, time.strftime
    time.asctime = lambda t=None: real_asctime(time.localtime() if t is None else t)
    time.strftime = lambda fmt, t=None: real_strftime(fmt, time.localtime() if t is None else t)
    assert "datetime" not in sys.modules, "datetime was imported before the clock was set"
    sys.modules["_datetime"] = None


# --------------------------------------------------------------------------
# The event loop on the virtual clock.

TASK_ORDER = weakref.WeakKeyDictionary()
TASK_COUNTER = itertools.count()


def creation_order(task):
    return TASK_ORDER.get(task, sys.maxsize)


def install_virtual_loop():
    global asyncio
    import asyncio
    import asyncio.runners
    import concurrent.futures
    import selectors

    class SeqTimerHandle(asyncio.TimerHandle):
        """Equal deadlines fire in creation order (CPython compares `when` only)."""

        def __init__(self, *args):
            super().__init__(*args)
            self.seq = next(SCHED.seq)

        def __lt__(self, other):
            return (self._when, self.seq) < (other._when, other.seq)

    class VirtualSelector(selectors.DefaultSelector):
        loop = None

        def select(self, timeout=None):
            # The loop would wait: hand the baton on until a thread posts a
            # callback (call_soon_threadsafe) or the head timer falls due; the
            # clock is then set to that timer's `when`, exactly.
            if timeout is None or timeout > 0:
                wake = seq = None
                if timeout is not None:
                    head = self.loop._scheduled[0]
                    if head._when - SCHED.now <= timeout:
                        wake, seq = head._when, head.seq
                    else:  # the loop's 24 h cap on one wait
                        wake, seq = SCHED.now + timeout, next(SCHED.seq)
                SCHED.current.loop = self.loop
                SCHED.wait("select", wake, seq)
                SCHED.current.loop = None
            return super().select(0)

    class VirtualLoop(asyncio.SelectorEventLoop):
        def __init__(self):
            selector = VirtualSelector()
            super().__init__(selector)
            selector.loop = self
            self._clock_resolution = 1e-9  # time.get_clock_info("monotonic") on Linux

        def time(self):
            return SCHED.now

        def call_at(self, when, callback, *args, context=None):
            # BaseEventLoop.call_at, with SeqTimerHandle.
            if when is None:
                raise TypeError("when cannot be None")
            self._check_closed()
            if self._debug:
                self._check_thread()
                self._check_callback(callback, "call_at")
            timer = SeqTimerHandle(when, callback, args, self, context)
            if timer._source_traceback:
                del timer._source_traceback[-1]
            heapq.heappush(self._scheduled, timer)
            timer._scheduled = True
            return timer

        def create_task(self, coro, *, name=None, context=None):
            task = super().create_task(coro, name=name, context=context)
            TASK_ORDER[task] = next(TASK_COUNTER)
            return task

        def _write_to_self(self):
            # call_soon_threadsafe: wakes the loop if it is waiting in select().
            super()._write_to_self()
            for t in SCHED.threads.values():
                if t.state == "select" and t.loop is self:
                    SCHED.make_runnable(t)

    class VirtualPolicy(asyncio.DefaultEventLoopPolicy):
        _loop_factory = VirtualLoop

    def cancel_all_tasks(loop):
        # asyncio.runners._cancel_all_tasks, in task creation order (CPython
        # walks a set there, whose order is not defined).
        to_cancel = sorted(asyncio.all_tasks(loop), key=creation_order)
        if not to_cancel:
            return
        for task in to_cancel:
            task.cancel()
        loop.run_until_complete(asyncio.gather(*to_cancel, return_exceptions=True))
        for task in to_cancel:
            if not task.cancelled() and task.exception() is not None:
                loop.call_exception_handler(
                    {
                        "message": "unhandled exception during asyncio.run() shutdown",
                        "exception": task.exception(),
                        "task": task,
                    }
                )

    def abort_task_group(self):
        # TaskGroup._abort, in task creation order (CPython walks a set).
        self._aborting = True
        for task in sorted(self._tasks, key=creation_order):
            if not task.done():
                task.cancel()

    class ProcessPoolAsThreads(concurrent.futures.ThreadPoolExecutor):
        """ProcessPoolExecutor under the virtual clock: its jobs run on virtual threads."""

        def __init__(self, max_workers=None, mp_context=None, initializer=None, initargs=(), **kwargs):
            super().__init__(max_workers or os.cpu_count(), "ProcessPoolExecutor", initializer, initargs)

    asyncio.set_event_loop_policy(VirtualPolicy())
    asyncio.runners._cancel_all_tasks = cancel_all_tasks
    asyncio.TaskGroup._abort = abort_task_group
    concurrent.futures.ProcessPoolExecutor = ProcessPoolAsThreads
    import concurrent.futures.process

    concurrent.futures.process.ProcessPoolExecutor = ProcessPoolAsThreads


# --------------------------------------------------------------------------

PRINT = print
PRINT_LOCK = threading.Lock()


def atomic_print(*args, file=None, flush=False, **kwargs):
    if file is not None and file is not sys.stdout:
        return PRINT(*args, file=file, flush=flush, **kwargs)
    text = io.StringIO()
    PRINT(*args, file=text, **kwargs)
    with PRINT_LOCK:
        sys.stdout.write(text.getvalue())


# The name the program runs under, as in Loopscope: tracebacks, warnings and
# task reprs (`coro=<main() running at main.py:12>`) then print the same text
# whatever the case's path.
MAIN = "main.py"


def run(path):
    """Runs the program as `main.py`; returns its exit status."""
    with open(path, "rb") as f:
        source = importlib.util.decode_source(f.read())
    # Registered with no mtime, so that `linecache.checkcache` keeps it and
    # tracebacks show the source lines.
    linecache.cache[MAIN] = (len(source), None, source.splitlines(True), MAIN)
    sys.argv = [MAIN]
    module = types.ModuleType("__main__")
    module.__file__ = MAIN
    module.__builtins__ = builtins
    sys.modules["__main__"] = module
    try:
        exec(compile(source, MAIN, "exec"), module.__dict__)
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except BaseException as e:
        tb = e.__traceback__
        while tb is not None and tb.tb_frame.f_code.co_filename != MAIN:
            tb = tb.tb_next  # hide the runner's own frames
        traceback.print_exception(type(e), e, tb)
        return 1
    return 0


def main():
    args = sys.argv[1:]
    real = "--real-clock" in args
    args = [a for a in args if a != "--real-clock"]
    if len(args) != 1:
        sys.exit("usage: run.py [--real-clock] FILE.py")
    path = os.path.abspath(args[0])
    sys.stdout.reconfigure(encoding="utf-8")
    os.cpu_count = lambda: CORES
    if real:
        start = time.monotonic()
        sys.stdout = Stamped(lambda: time.monotonic() - start, lambda s: os.write(1, s.encode()))
        builtins.print = atomic_print  # real threads: one print, one write
        sys.exit(run(path))
    install_virtual_threads()
    install_virtual_loop()
    status = run(path)
    # Interpreter shutdown, as threading._shutdown does it: the executors stop
    # their workers, then every non-daemon thread is joined.
    for hook in reversed(threading._threading_atexits):
        hook()
    for thread, t in list(SCHED.threads.items()):
        if not t.is_main and not thread.daemon:
            thread.join()
    # Then the interpreter lets `__main__` go, and its collector finalises
    # what the program's variables held: a generator left suspended is
    # closed, its `finally` blocks running with every variable in place.
    del sys.modules["__main__"]
    gc.collect()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":
    main()
