import asyncio


async def fetch(name, delay, fail=None):
    await asyncio.sleep(delay)
    if fail is not None:
        raise fail
    return name


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch("a", 0.1, ValueError("bad value in a")))
            tg.create_task(fetch("b", 0.1, TimeoutError("b timed out")))
            tg.create_task(fetch("c", 0.1, KeyError("c")))
            tg.create_task(fetch("d", 0.3))
    except ExceptionGroup as eg:
        network, other = eg.split(OSError)
        print("os errors:", network)
        print("other errors:", other)
        for e in other.exceptions:
            print(" -", type(e).__name__, e)
        lookups = eg.subgroup(LookupError)
        print("lookup errors:", repr(lookups))
        print("no arithmetic group:", eg.subgroup(ZeroDivisionError))


asyncio.run(main())
