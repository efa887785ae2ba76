import asyncio


async def producer(q):
    for i in range(4):
        await asyncio.sleep(0.5)
        await q.put(i * 10)
    await q.put(None)


async def main():
    q = asyncio.Queue()
    asyncio.create_task(producer(q))
    # `:=` reads the queue in the loop condition.
    while (item := await q.get()) is not None:
        print(f"got {item} at {asyncio.get_running_loop().time():.1f}")
    print("end", item)


asyncio.run(main())
