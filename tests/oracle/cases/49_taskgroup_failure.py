import asyncio


async def sibling(name):
    try:
        await asyncio.sleep(1)
        print(name, "finished")
    finally:
        print(name, "cleanup")


async def failing():
    await asyncio.sleep(0.2)
    raise ValueError("failing task")


async def main():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(sibling("s1"))
            tg.create_task(failing())
            tg.create_task(sibling("s2"))
            await asyncio.sleep(0.5)
            print("body not reached")
    except Exception as e:
        print("caught:", e, "at", loop.time())


asyncio.run(main())
