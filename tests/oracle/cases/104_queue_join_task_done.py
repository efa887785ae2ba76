import asyncio


async def worker(name, q):
    while True:
        job = await q.get()
        if job is None:
            q.task_done()
            print(name, "stops")
            break
        await asyncio.sleep(job)
        print(name, "did", job)
        q.task_done()


async def main():
    q = asyncio.Queue()
    ws = [asyncio.create_task(worker(f"w{i}", q)) for i in range(3)]
    for d in [0.3, 0.1, 0.2, 0.1, 0.05, 0.25]:
        q.put_nowait(d)
    for _ in ws:
        q.put_nowait(None)
    await q.join()
    print("joined", [w.done() for w in ws])
    await asyncio.sleep(0)
    print("after hop", [w.done() for w in ws])
    try:
        q.task_done()
    except ValueError as e:
        print("ValueError:", e)
    await q.join()
    print("join on empty queue returns at once")


asyncio.run(main())
