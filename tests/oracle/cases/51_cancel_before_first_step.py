import asyncio


async def never_runs():
    print("this line is never printed")


async def main():
    task = asyncio.create_task(never_runs())
    task.cancel()
    print("cancelled before it ran; done =", task.done())
    try:
        await task
    except asyncio.CancelledError:
        print("cancelled:", task.cancelled())


asyncio.run(main())
