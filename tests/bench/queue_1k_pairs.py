# 1 000 producer/consumer pairs, each over its own Queue.
import asyncio

ITEMS = 20


async def producer(q, n):
    for i in range(n):
        await q.put(i)
        await asyncio.sleep(0.001)
    await q.put(None)


async def consumer(q, k):
    total = 0
    while True:
        item = await q.get()
        if item is None:
            break
        total += item
    if k % 100 == 0:
        print("consumer", k, "total", total)


async def main():
    tasks = []
    for k in range(1_000):
        q = asyncio.Queue(maxsize=2)
        tasks.append(asyncio.create_task(producer(q, ITEMS)))
        tasks.append(asyncio.create_task(consumer(q, k)))
    await asyncio.gather(*tasks)


asyncio.run(main())
