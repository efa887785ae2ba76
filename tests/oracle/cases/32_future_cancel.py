import asyncio


async def waiter(fut):
    try:
        await fut
    except asyncio.CancelledError:
        print("waiter saw CancelledError")
        raise


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    task = asyncio.create_task(waiter(fut))
    await asyncio.sleep(0.1)
    print("cancel returns", fut.cancel())
    print("second cancel returns", fut.cancel())
    try:
        await task
    except asyncio.CancelledError:
        print("task cancelled:", task.cancelled(), "future cancelled:", fut.cancelled())


asyncio.run(main())
