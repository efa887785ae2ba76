import asyncio


async def child(name, d):
    try:
        await asyncio.sleep(d)
        print(name, "ok")
        return name
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise


async def main():
    inner = asyncio.create_task(child("inner", 0.5))
    outer = asyncio.shield(inner)

    async def cancel_later():
        await asyncio.sleep(0.1)
        outer.cancel()

    asyncio.create_task(cancel_later())
    try:
        await outer
    except asyncio.CancelledError:
        print("outer cancelled", inner.done(), outer.cancelled())
    print(await inner)

    async def caller():
        try:
            return await asyncio.shield(child("shielded", 0.3))
        except asyncio.CancelledError:
            print("caller cancelled at", asyncio.get_running_loop().time())
            raise

    c = asyncio.create_task(caller())
    await asyncio.sleep(0.1)
    c.cancel()
    await asyncio.sleep(0.4)
    print("caller cancelled:", c.cancelled())
    done = asyncio.create_task(child("early", 0))
    await asyncio.sleep(0.01)
    print("shield of done task:", await asyncio.shield(done))


asyncio.run(main())
