import asyncio


async def main():
    q = asyncio.LifoQueue()
    for word in ["first", "second", "third"]:
        await q.put(word)
    while not q.empty():
        print(await q.get())
        q.task_done()
    await q.join()
    print("joined an empty LifoQueue")


asyncio.run(main())
