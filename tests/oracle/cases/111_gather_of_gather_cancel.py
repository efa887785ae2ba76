import asyncio


async def child(name, d):
    try:
        await asyncio.sleep(d)
        print(name, "done")
        return name
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise


async def main():
    g1 = asyncio.gather(child("g1a", 1), child("g1b", 2))
    g2 = asyncio.gather(g1, child("g2c", 3))
    await asyncio.sleep(0.5)
    print("cancel g2:", g2.cancel())
    print("cancel again:", g2.cancel())
    try:
        await g2
    except asyncio.CancelledError:
        print("g2 raised CancelledError", g2.cancelled(), g1.cancelled())
    inner = asyncio.gather(child("i1", 0.1), child("i2", 0.2))
    outer = asyncio.gather(inner, child("o", 0.15))
    print(await outer)
    t1 = asyncio.create_task(child("t1", 0.1))
    t2 = asyncio.create_task(child("t2", 0.3))
    g = asyncio.gather(t1, t2)
    await asyncio.sleep(0.2)
    t2.cancel()
    try:
        await g
    except asyncio.CancelledError:
        print("child cancel propagates:", g.cancelled(), t1.result())
    print(await asyncio.gather())


asyncio.run(main())
