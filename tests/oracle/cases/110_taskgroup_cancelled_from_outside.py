import asyncio


async def child(name, d):
    try:
        await asyncio.sleep(d)
        print(name, "ok")
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise


async def group(name):
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child(name + ".a", 0.1))
            tg.create_task(child(name + ".b", 1.0))
            print(name, "body done")
        print(name, "group done")
    except asyncio.CancelledError:
        print(name, "group cancelled")
        raise


async def main():
    t = asyncio.create_task(group("g1"))
    await asyncio.sleep(0.2)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("t cancelled", t.cancelled())
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child("x", 0.1))
            await asyncio.sleep(0.05)
            raise RuntimeError("body failed")
    except BaseException as e:
        print("caught", type(e).__name__, repr(e))
    async with asyncio.TaskGroup() as outer:
        async def inner_group():
            async with asyncio.TaskGroup() as inner:
                inner.create_task(child("in1", 0.1))
                inner.create_task(child("in2", 0.2))
            print("inner group done")
        outer.create_task(inner_group())
        outer.create_task(child("out1", 0.15))
    print("all groups done")


asyncio.run(main())
