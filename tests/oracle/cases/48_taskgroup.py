import asyncio


async def work(name, seconds):
    await asyncio.sleep(seconds)
    print(name, "done")
    return name.upper()


async def main():
    async with asyncio.TaskGroup() as tg:
        t1 = tg.create_task(work("one", 0.2))
        t2 = tg.create_task(work("two", 0.1))
        print("tasks created inside the group")
    print("group exited:", t1.result(), t2.result())


asyncio.run(main())
