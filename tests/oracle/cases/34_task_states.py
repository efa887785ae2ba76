import asyncio


async def ok():
    await asyncio.sleep(0.1)
    return 5


async def fails():
    await asyncio.sleep(0.1)
    raise KeyError("missing")


async def main():
    t1 = asyncio.create_task(ok(), name="ok-task")
    t2 = asyncio.create_task(fails())
    print(t1.get_name(), t2.get_name(), t1.done())
    try:
        t1.result()
    except asyncio.InvalidStateError as e:
        print("too early:", e)
    await asyncio.wait([t1, t2])
    print(t1.done(), t1.result(), t1.exception())
    print(t2.done(), t2.cancelled(), repr(t2.exception()))
    try:
        t2.result()
    except KeyError as e:
        print("result() re-raises", repr(e), str(e))


asyncio.run(main())
