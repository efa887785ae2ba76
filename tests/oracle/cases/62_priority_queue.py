import asyncio


async def worker(q):
    while True:
        priority, name = await q.get()
        print("handling", name, "priority", priority)
        await asyncio.sleep(0.1)
        q.task_done()


async def main():
    q = asyncio.PriorityQueue()
    for item in [(3, "low"), (1, "urgent"), (2, "normal"), (1, "also urgent")]:
        q.put_nowait(item)
    w = asyncio.create_task(worker(q))
    await asyncio.sleep(0.05)
    q.put_nowait((0, "emergency"))
    await q.join()
    w.cancel()
    print("queue drained")


asyncio.run(main())
