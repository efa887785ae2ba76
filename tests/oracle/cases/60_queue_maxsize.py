import asyncio


async def producer(q):
    for i in range(4):
        print("putting", i)
        await q.put(i)
        print("put", i, "full =", q.full())


async def main():
    q = asyncio.Queue(maxsize=2)
    print("maxsize", q.maxsize, "empty", q.empty())
    p = asyncio.create_task(producer(q))
    await asyncio.sleep(0.1)
    for _ in range(4):
        print("got", await q.get())
        await asyncio.sleep(0.1)
    await p
    try:
        q.get_nowait()
    except asyncio.QueueEmpty:
        print("QueueEmpty")
    q.put_nowait("x")
    q.put_nowait("y")
    try:
        q.put_nowait("z")
    except asyncio.QueueFull:
        print("QueueFull")
    lifo = asyncio.LifoQueue()
    for word in ["first", "second", "third"]:
        await lifo.put(word)
    while not lifo.empty():
        print("lifo", await lifo.get())
        lifo.task_done()
    await lifo.join()
    print("joined an empty LifoQueue")


asyncio.run(main())
