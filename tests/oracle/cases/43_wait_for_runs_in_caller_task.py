import asyncio


async def where():
    print("running in", asyncio.current_task().get_name())
    await asyncio.sleep(0.1)
    return "done"


async def main():
    print("main is", asyncio.current_task().get_name())
    print(await asyncio.wait_for(where(), timeout=1))
    task = asyncio.create_task(where(), name="own-task")
    print(await asyncio.wait_for(task, timeout=1))
    print(await asyncio.wait_for(where(), timeout=None))


asyncio.run(main())
