import asyncio


async def stubborn(d):
    try:
        await asyncio.sleep(d)
        return "normal"
    except asyncio.CancelledError:
        print("stubborn swallows at", asyncio.get_running_loop().time())
        await asyncio.sleep(0.05)
        return "swallowed"


async def main():
    loop = asyncio.get_running_loop()
    r = await asyncio.wait_for(stubborn(1), 0.1)
    print("wait_for returned", r, "at", loop.time())
    t = asyncio.create_task(stubborn(1))
    try:
        r = await asyncio.wait_for(t, 0.1)
        print("wait_for on task returned", r, loop.time())
    except TimeoutError:
        print("TimeoutError at", loop.time())
    print("cancelling", asyncio.current_task().cancelling())
    try:
        await asyncio.wait_for(asyncio.sleep(1), 0.1)
    except asyncio.TimeoutError as e:
        print("alias:", type(e).__name__, asyncio.TimeoutError is TimeoutError, repr(e))
    s = asyncio.create_task(asyncio.sleep(0.5, "late"))
    try:
        await asyncio.wait_for(asyncio.shield(s), 0.1)
    except TimeoutError:
        print("shielded task survives:", s.cancelled())
    print(await s, loop.time())


asyncio.run(main())
