import asyncio


async def getter(q, name):
    v = await q.get()
    print(name, "got", v)
    return v


async def main():
    q = asyncio.Queue()
    g1 = asyncio.create_task(getter(q, "g1"))
    g2 = asyncio.create_task(getter(q, "g2"))
    await asyncio.sleep(0.1)
    q.put_nowait("first")
    print("main steals", q.get_nowait())
    await asyncio.sleep(0)
    q.put_nowait("second")
    await asyncio.sleep(0)
    q.put_nowait("third")
    await asyncio.gather(g1, g2)
    b = asyncio.Queue(maxsize=1)
    await b.put(1)

    async def putter(v):
        await b.put(v)
        print("put", v, "done")

    p1 = asyncio.create_task(putter(2))
    p2 = asyncio.create_task(putter(3))
    await asyncio.sleep(0)
    print("get", b.get_nowait())
    b.put_nowait(99)
    print("main squeezed 99 in")
    await asyncio.sleep(0)
    print("get", b.get_nowait())
    await asyncio.sleep(0)
    print("get", await b.get(), "then", await b.get())
    await asyncio.gather(p1, p2)
    print("empty:", b.empty())


asyncio.run(main())
