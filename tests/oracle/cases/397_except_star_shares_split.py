import asyncio


async def fail(exc, delay):
    await asyncio.sleep(delay)
    raise exc


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fail(ValueError("v1"), 0.1))
            tg.create_task(fail(TypeError("t1"), 0.1))
            tg.create_task(fail(ValueError("v2"), 0.1))
    except* ValueError as group:
        print("values:", repr(group))
    except* TypeError as group:
        print("types:", repr(group))

    eg = ExceptionGroup("batch", [ValueError("a"), ExceptionGroup("sub", [TypeError("b"), ValueError("c")])])
    try:
        raise eg
    except* ValueError as g:
        print("star match:", repr(g))
        print("split match:", repr(eg.split(ValueError)[0]))
    except* TypeError as g:
        print("star rest:", repr(g))
        print("split rest:", repr(eg.split(ValueError)[1]))


asyncio.run(main())
