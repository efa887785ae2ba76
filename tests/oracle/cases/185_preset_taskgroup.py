import asyncio


async def worker(name, delay, fail=False):
    try:
        await asyncio.sleep(delay)
        if fail:
            raise ValueError(f"{name} failed")
        print(f"{name} finished")
    except asyncio.CancelledError:
        print(f"{name} was cancelled")
        raise


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(worker("a", 1))
            tg.create_task(worker("b", 2, fail=True))
            tg.create_task(worker("c", 3))
    except ExceptionGroup as group:
        for exc in group.exceptions:
            print("caught:", repr(exc))


asyncio.run(main())
