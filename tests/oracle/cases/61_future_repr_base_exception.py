import asyncio


async def victim():
    try:
        await asyncio.sleep(1)
    except Exception:
        print("never: CancelledError is not an Exception")
    except BaseException as e:
        print("caught as BaseException:", isinstance(e, asyncio.CancelledError), isinstance(e, Exception))
        raise


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    print(fut)
    fut.set_result(5)
    print(fut)
    failed = loop.create_future()
    failed.set_exception(ValueError("nope"))
    print(failed)
    failed.exception()
    cancelled = loop.create_future()
    cancelled.cancel()
    print(cancelled)
    task = asyncio.create_task(victim())
    await asyncio.sleep(0.1)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        pass
    print("task cancelled:", task.cancelled())


asyncio.run(main())
