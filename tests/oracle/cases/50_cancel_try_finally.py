import asyncio


async def worker():
    print("worker starts")
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print("worker got CancelledError")
        raise
    finally:
        print("worker finally")


async def main():
    task = asyncio.create_task(worker())
    await asyncio.sleep(0.25)
    print("cancel ->", task.cancel())
    print("cancelling() =", task.cancelling(), "done =", task.done())
    try:
        await task
    except asyncio.CancelledError:
        print("main: task.cancelled() =", task.cancelled())


asyncio.run(main())
