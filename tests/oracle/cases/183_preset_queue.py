import asyncio


async def producer(queue, n):
    for i in range(n):
        await asyncio.sleep(0.2)
        await queue.put(i)
        print(f"put {i}")
    await queue.put(None)


async def consumer(queue):
    while True:
        item = await queue.get()
        if item is None:
            break
        print(f"got {item}")
        await asyncio.sleep(0.5)


async def main():
    queue = asyncio.Queue(maxsize=2)
    await asyncio.gather(producer(queue, 6), consumer(queue))


asyncio.run(main())
