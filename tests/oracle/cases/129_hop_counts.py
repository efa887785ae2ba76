import asyncio


async def ticker(n):
    for i in range(n):
        print("  tick", i)
        await asyncio.sleep(0)


async def quick(v):
    return v


async def yields_once(v):
    await asyncio.sleep(0)
    return v


async def probe(name, make):
    t = asyncio.create_task(ticker(7))
    await asyncio.sleep(0)
    print(name, "start")
    r = await make()
    print(name, "end", r)
    await t


async def in_taskgroup():
    async with asyncio.TaskGroup() as tg:
        t = tg.create_task(quick("tg"))
    return t.result()


async def in_timeout():
    async with asyncio.timeout(1):
        return await quick("timeout")


async def main():
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    done.set_result("done-future")
    ev = asyncio.Event()
    ev.set()
    q = asyncio.Queue()
    q.put_nowait("queued")
    lock = asyncio.Lock()
    await probe("coroutine", lambda: quick("coro"))
    await probe("done future", lambda: done)
    await probe("sleep0", lambda: asyncio.sleep(0, "slept"))
    await probe("task", lambda: asyncio.create_task(quick("task")))
    await probe("task yielding", lambda: asyncio.create_task(yields_once("task2")))
    await probe("gather", lambda: asyncio.gather(quick("g")))
    await probe("gather empty", lambda: asyncio.gather())
    await probe("wait_for", lambda: asyncio.wait_for(quick("wf"), 1))
    await probe("wait_for None", lambda: asyncio.wait_for(quick("wfn"), None))
    await probe("shield", lambda: asyncio.shield(quick("sh")))
    await probe("event set", lambda: ev.wait())
    await probe("queue get", lambda: q.get())
    await probe("lock", lambda: lock.acquire())
    lock.release()
    await probe("taskgroup", in_taskgroup)
    await probe("timeout", in_timeout)


asyncio.run(main())
