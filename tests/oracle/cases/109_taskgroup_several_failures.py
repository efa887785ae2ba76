import asyncio


async def child(name, d, fail=False):
    try:
        await asyncio.sleep(d)
        if fail:
            raise ValueError(name)
        print(name, "ok")
        return name
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child("a", 0.1))
            tg.create_task(child("b", 0.2, True))
            tg.create_task(child("c", 0.3))
            tg.create_task(child("d", 0.2, True))
            tg.create_task(child("e", 0.2, True))
    except BaseException as eg:
        print("caught", type(eg).__name__, len(eg.exceptions))
        print(repr(eg))
        print([str(e) for e in eg.exceptions])
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child("x", 0.1, True))
            tg.create_task(child("y", 0.1, True))
            await asyncio.sleep(1)
            print("never")
    except BaseException as eg:
        print("body cancelled too:", [str(e) for e in eg.exceptions])
    print("cancelling", asyncio.current_task().cancelling())


asyncio.run(main())
