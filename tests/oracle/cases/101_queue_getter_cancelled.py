import asyncio


async def getter(q, name):
    try:
        v = await q.get()
        print(name, "got", v)
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise


async def putter(q, name, v):
    try:
        await q.put(v)
        print(name, "put", v)
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise


async def main():
    q = asyncio.Queue()
    g1 = asyncio.create_task(getter(q, "g1"))
    g2 = asyncio.create_task(getter(q, "g2"))
    g3 = asyncio.create_task(getter(q, "g3"))
    await asyncio.sleep(0.1)
    q.put_nowait(1)
    g1.cancel()
    q.put_nowait(2)
    await asyncio.gather(g1, g2, g3, return_exceptions=True)
    print("left:", q.qsize())
    full = asyncio.Queue(maxsize=1)
    full.put_nowait("x")
    p1 = asyncio.create_task(putter(full, "p1", "y"))
    p2 = asyncio.create_task(putter(full, "p2", "z"))
    await asyncio.sleep(0.1)
    p1.cancel()
    print("got", full.get_nowait())
    await asyncio.gather(p1, p2, return_exceptions=True)
    print("full now:", full.full(), full.get_nowait())


asyncio.run(main())
