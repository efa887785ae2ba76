import asyncio


async def doomed():
    await asyncio.sleep(0.1)
    print("doomed raises; nobody awaits it")
    raise ValueError("lost exception")


async def main():
    task = asyncio.create_task(doomed())
    await asyncio.sleep(0.3)
    print("main still runs; task done =", task.done())
    print("task exception:", repr(task.exception()))


asyncio.run(main())
