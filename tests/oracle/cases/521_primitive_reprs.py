import asyncio


def state(obj):
    # The bracketed state of a primitive's repr (its address differs per run).
    text = repr(obj)
    return text[:text.index(" object at ")] + " [" + text.split(" [", 1)[1]


def cb(*args):
    pass


async def main():
    loop = asyncio.get_running_loop()
    lock, event = asyncio.Lock(), asyncio.Event()
    sem, bounded = asyncio.Semaphore(2), asyncio.BoundedSemaphore(1)
    cond = asyncio.Condition()
    print(state(lock), state(event), state(sem), state(bounded), state(cond))

    async def hold(prim):
        async with prim:
            await asyncio.sleep(0.1)

    async def wait_event():
        await event.wait()

    async def wait_cond():
        async with cond:
            await cond.wait()

    tasks = [asyncio.create_task(hold(lock)) for _ in range(3)]
    tasks += [asyncio.create_task(hold(sem)) for _ in range(3)]
    tasks += [asyncio.create_task(wait_event()) for _ in range(2)]
    tasks += [asyncio.create_task(wait_cond()) for _ in range(2)]
    await asyncio.sleep(0.01)
    print(state(lock), state(sem), state(event), state(cond))
    event.set()
    async with cond:
        cond.notify_all()
    await asyncio.gather(*tasks)
    print(state(lock), state(sem), state(event), state(cond))

    for q in (asyncio.Queue(), asyncio.Queue(maxsize=2), asyncio.LifoQueue(), asyncio.PriorityQueue()):
        for item in (3, 1, 2)[: q.maxsize or 3]:
            q.put_nowait(item)
        print(q)
    q = asyncio.Queue(maxsize=1)
    getters = [asyncio.create_task(q.get()) for _ in range(2)]
    await asyncio.sleep(0)
    print(q)
    q.put_nowait("a")
    print(q)
    await asyncio.sleep(0)
    print(q)
    q.put_nowait("b")
    putter = asyncio.create_task(q.put("c"))
    await asyncio.sleep(0)
    print(q)
    await asyncio.gather(*getters)
    print(q)
    await putter
    q.task_done()
    print(q, q.qsize())

    # (A timer's handle prints as `<TimerHandle when=... cb() at ...>`; the
    # oracle's loop uses its own subclass of it, so it is not printed here.)
    h = loop.call_soon(cb, 1, "x")
    print(h)
    h.cancel()
    print(h)


asyncio.run(main())
