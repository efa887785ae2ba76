import asyncio


async def fail_later():
    await asyncio.sleep(0.1)
    raise ZeroDivisionError("no dividing here")


async def main():
    task = asyncio.create_task(fail_later())
    try:
        await task
    except ZeroDivisionError as e:
        print("main caught", repr(e))
    try:
        1 / 0
    except ZeroDivisionError as e:
        print("real division:", e)
    print("task.exception():", repr(task.exception()))


asyncio.run(main())
