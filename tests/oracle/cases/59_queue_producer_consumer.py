import asyncio


async def producer(q, n):
    for i in range(n):
        await asyncio.sleep(0.1)
        await q.put(i)
        print("put", i, "qsize", q.qsize())


async def consumer(q, name):
    while True:
        item = await q.get()
        print(name, "got", item)
        await asyncio.sleep(0.15)
        q.task_done()


async def main():
    q = asyncio.Queue()
    workers = [asyncio.create_task(consumer(q, f"c{i}")) for i in range(2)]
    await producer(q, 5)
    await q.join()
    print("all items processed")
    for w in workers:
        w.cancel()
    await asyncio.gather(*workers, return_exceptions=True)
    print("consumers stopped")


asyncio.run(main())
