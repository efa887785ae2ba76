import asyncio


async def main():
    pq = asyncio.PriorityQueue()
    for item in [(2, "b"), (1, "z"), (2, "a"), (0, "x"), (1, "y"), (1, "y", 0)]:
        pq.put_nowait(item)
    print([pq.get_nowait() for _ in range(6)])
    lq = asyncio.LifoQueue(maxsize=2)
    await lq.put(1)
    await lq.put(2)

    async def late_put():
        print("putting 3")
        await lq.put(3)
        print("put 3 done")

    t = asyncio.create_task(late_put())
    await asyncio.sleep(0.1)
    print("full:", lq.full(), "get:", await lq.get())
    await t
    print(lq.get_nowait(), lq.get_nowait(), lq.empty())
    try:
        lq.get_nowait()
    except asyncio.QueueEmpty:
        print("QueueEmpty")
    try:
        q = asyncio.Queue(maxsize=1)
        q.put_nowait(0)
        q.put_nowait(1)
    except asyncio.QueueFull:
        print("QueueFull", q.qsize(), q.maxsize)


asyncio.run(main())
