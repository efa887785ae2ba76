import asyncio
import time


def show(label, f):
    try:
        print(label, repr(f()))
    except BaseException as e:
        print(label, type(e).__name__, e)


async def ashow(label, coro):
    try:
        print(label, repr(await coro))
    except BaseException as e:
        print(label, type(e).__name__, e)


async def work(x, delay=0.01):
    await asyncio.sleep(delay)
    return x


async def boom():
    await asyncio.sleep(0.01)
    raise ValueError("boom")


async def main():
    loop = asyncio.get_running_loop()
    await ashow("sleep negative", asyncio.sleep(-1, "r"))
    show("time.sleep negative", lambda: time.sleep(-1))
    fut = loop.create_future()
    show("result pending", fut.result)
    show("exception pending", fut.exception)
    fut.set_result(1)
    show("set twice", lambda: fut.set_result(2))
    show("set exc twice", lambda: fut.set_exception(ValueError()))
    show("done", lambda: (fut.done(), fut.cancelled(), fut.result(), fut.cancel()))
    f2 = loop.create_future()
    show("exc class", lambda: f2.set_exception(StopIteration))
    f3 = loop.create_future()
    f3.cancel("why")
    show("cancelled result", f3.result)
    show("cancelled exception", f3.exception)
    t = asyncio.create_task(work(1), name="w1")
    show("task name", lambda: (t.get_name(), t.set_name("renamed"), t.get_name(), t.get_coro().__name__, t.cancelling(), t.done()))
    await ashow("await task", t)
    await ashow("wait bad", asyncio.wait([work(1)], return_when="SOMETIMES"))
    await ashow("wait empty", asyncio.wait([]))
    await ashow("wait coro", asyncio.wait([work(1)]))
    await ashow("wait task", asyncio.wait(asyncio.create_task(work(1))))
    tasks = [asyncio.create_task(work(i, 0.01 * (3 - i))) for i in range(3)]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print("first completed", sorted(x.result() for x in done), len(pending))
    done, pending = await asyncio.wait(tasks, timeout=0.001)
    print("timeout wait", len(done), len(pending))
    await asyncio.gather(*tasks)
    order = []
    for c in asyncio.as_completed([work("slow", 0.03), work("fast", 0.01)]):
        order.append(await c)
    print("as_completed", order)
    await ashow("gather exc", asyncio.gather(work(1), boom(), return_exceptions=True))
    await ashow("wait_for done", asyncio.wait_for(work(5), 1))
    await ashow("wait_for timeout", asyncio.wait_for(work(5, 1), 0.01))
    await ashow("wait_for none", asyncio.wait_for(work(6), None))
    await ashow("shield", asyncio.shield(work(7)))
    sem = asyncio.BoundedSemaphore(1)
    await sem.acquire()
    sem.release()
    show("bounded release", sem.release)
    q = asyncio.Queue()
    show("task_done too many", q.task_done)
    show("get_nowait empty", q.get_nowait)
    qf = asyncio.Queue(1)
    qf.put_nowait(1)
    show("put_nowait full", lambda: qf.put_nowait(2))
    show("queue state", lambda: (qf.full(), qf.empty(), qf.qsize(), qf.maxsize))
    lock = asyncio.Lock()
    show("release unlocked", lock.release)
    cond = asyncio.Condition(lock)
    async with cond:
        show("cond locked", lambda: (cond.locked(), lock.locked()))
        cond.notify_all()
    show("notify unlocked", cond.notify)
    ev = asyncio.Event()
    loop.call_later(0.01, ev.set)
    await ashow("event", ev.wait())
    show("event state", lambda: (ev.is_set(), ev.clear(), ev.is_set()))
    got = []
    loop.call_soon(got.append, "soon")
    h = loop.call_at(loop.time() + 0.01, got.append, "at")
    h2 = loop.call_later(0.02, got.append, "cancelled")
    h2.cancel()
    await asyncio.sleep(0.03)
    print("callbacks", got, h2.cancelled())
    try:
        async with asyncio.timeout(0.01) as cm:
            cm.reschedule(loop.time() + 0.05)
            await asyncio.sleep(0.02)
            print("rescheduled ok", cm.expired())
    except TimeoutError:
        print("timed out early")
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(work(1))
            tg.create_task(boom())
    except* ValueError as eg:
        print("taskgroup", [str(e) for e in eg.exceptions])
    show("current", lambda: asyncio.current_task().get_name())
    show("all tasks", lambda: len(asyncio.all_tasks()) >= 1)


asyncio.run(main())
