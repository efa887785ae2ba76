import asyncio


async def child(name, d):
    try:
        await asyncio.sleep(d)
        return name
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise


async def main():
    g = asyncio.gather(child("a", 0.1), child("b", 0.3), return_exceptions=True)
    await asyncio.sleep(0.2)
    print("cancel:", g.cancel())
    try:
        print(await g)
    except asyncio.CancelledError:
        print("gather raised CancelledError", g.cancelled())
    t1 = asyncio.create_task(child("c", 0.1))
    t2 = asyncio.create_task(child("d", 0.3))
    g2 = asyncio.gather(t1, t2, return_exceptions=True)
    await asyncio.sleep(0.2)
    t2.cancel()
    r = await g2
    print([type(x).__name__ for x in r], r[0])

    async def fail(d):
        await asyncio.sleep(d)
        raise ValueError(d)

    g3 = asyncio.gather(fail(0.1), child("e", 0.2), fail(0.05))
    try:
        await g3
    except ValueError as e:
        print("first error wins:", e)
    await asyncio.sleep(0.3)
    print("e was not cancelled; g3 done:", g3.done())


asyncio.run(main())
