# Reading an attribute of a library object finds only what the object has:
# hasattr answers False for a name it lacks, and reading one raises
# AttributeError naming the type as CPython does (`lock.typo` used to be a
# bound method, and hasattr said True for any name).
import asyncio
import collections
import concurrent.futures
import contextlib
import datetime
import functools
import logging
import threading

TYPOS = ["typo", "__aenter_", "aquire", "set_results", "getname"]


@contextlib.contextmanager
def cm():
    yield 1


async def main():
    loop = asyncio.get_running_loop()
    executor = concurrent.futures.ThreadPoolExecutor()
    made = {
        "loop": (loop, ["time", "create_task", "call_soon", "call_later", "run_in_executor", "create_future", "is_running", "is_closed", "stop", "close", "get_debug", "set_exception_handler"]),
        "future": (loop.create_future(), ["result", "exception", "done", "cancelled", "cancel", "set_result", "set_exception", "add_done_callback", "remove_done_callback", "get_loop", "get_name", "get_coro"]),
        "task": (asyncio.create_task(asyncio.sleep(0)), ["result", "done", "cancel", "get_name", "set_name", "get_coro", "cancelling", "uncancel", "set_result", "__await__"]),
        "lock": (asyncio.Lock(), ["acquire", "release", "locked", "__aenter__", "__aexit__", "wait"]),
        "semaphore": (asyncio.Semaphore(2), ["acquire", "release", "locked", "__aenter__"]),
        "event": (asyncio.Event(), ["set", "clear", "is_set", "wait", "acquire"]),
        "condition": (asyncio.Condition(), ["acquire", "release", "locked", "wait", "wait_for", "notify", "notify_all"]),
        "queue": (asyncio.Queue(), ["put", "get", "put_nowait", "get_nowait", "task_done", "join", "qsize", "empty", "full"]),
        "timeout": (asyncio.timeout(1), ["when", "reschedule", "expired", "__aenter__", "__aexit__"]),
        "taskgroup": (asyncio.TaskGroup(), ["create_task", "__aenter__", "__aexit__"]),
        "barrier": (asyncio.Barrier(2), ["wait", "reset", "abort"]),
        "timer": (loop.call_later(5, int), ["cancel", "cancelled", "when"]),
        "handle": (loop.call_soon(int), ["cancel", "cancelled", "when"]),
        "executor": (executor, ["submit", "map", "shutdown", "__enter__", "__exit__"]),
        "pool_future": (executor.submit(int), ["result", "done", "cancel", "cancelled", "exception"]),
        "thread": (threading.Thread(target=int), ["start", "join", "is_alive", "getName", "name", "daemon"]),
        "thread_lock": (threading.Lock(), ["acquire", "release", "locked", "__enter__", "__exit__"]),
        "logger": (logging.getLogger("x"), ["debug", "info", "warning", "error", "exception", "critical", "setLevel", "isEnabledFor", "name"]),
        "deque": (collections.deque([1]), ["append", "appendleft", "pop", "popleft", "extend", "rotate", "maxlen", "clear"]),
        "datetime": (datetime.datetime(2020, 1, 2), ["year", "month", "strftime", "isoformat", "timestamp", "date", "weekday", "replace"]),
        "date": (datetime.date(2020, 1, 2), ["year", "strftime", "isoformat", "weekday"]),
        "timedelta": (datetime.timedelta(1), ["days", "seconds", "total_seconds"]),
        "partial": (functools.partial(int, "7", base=8), ["func", "args", "keywords"]),
        "exit_stack": (contextlib.ExitStack(), ["enter_context", "callback", "close", "__enter__", "__exit__"]),
        "async_exit_stack": (contextlib.AsyncExitStack(), ["enter_async_context", "push_async_callback", "aclose", "__aenter__", "__aexit__"]),
        "suppress": (contextlib.suppress(KeyError), ["__enter__", "__exit__"]),
        "generator_cm": (cm(), ["__enter__", "__exit__"]),
        "keys": ({}.keys(), []),
    }
    # The oracle's virtual clock stands in for the loop, its timer handles,
    # threading's lock and datetime's classes, whose names would differ.
    stand_ins = {"loop", "timer", "thread_lock", "datetime", "date", "timedelta"}
    for label, (obj, names) in made.items():
        found = [n for n in names + TYPOS if hasattr(obj, n)]
        print(label, found)
        try:
            obj.typo
        except AttributeError as e:
            print("  ", e if label not in stand_ins else "AttributeError")
    p = made["partial"][0]
    print(p.func is int, p.args, p.keywords, p())
    for make, name in [(contextlib.ExitStack, "callback"), (contextlib.AsyncExitStack, "push_async_callback")]:
        try:
            getattr(make(), name)()
        except TypeError as e:
            print(e)
    # What duck-typed code asks of an awaitable.
    coro = asyncio.sleep(0)
    for label, x in [("coroutine", coro), ("task", made["task"][0]), ("future", made["future"][0])]:
        print(label, [n for n in ["__await__", "__iter__", "close", "typo"] if hasattr(x, n)])
    await coro
    # Entering something that is not a context manager is a TypeError.
    try:
        contextlib.ExitStack().enter_context(1)
    except TypeError as e:
        print(e)
    try:
        await contextlib.AsyncExitStack().enter_async_context(made["lock"][1] and None)
    except TypeError as e:
        print(e)
    # Only a timer's handle has a time.
    try:
        made["handle"][0].when()
    except AttributeError as e:
        print(e)
    print(made["timer"][0].when() - loop.time())
    made["timer"][0].cancel()
    executor.shutdown()


asyncio.run(main())
