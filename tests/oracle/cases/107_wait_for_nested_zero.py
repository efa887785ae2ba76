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
    loop = asyncio.get_running_loop()
    try:
        await asyncio.wait_for(asyncio.wait_for(child("deep", 3), 1), 0.5)
    except TimeoutError:
        print("outer wait_for timed out at", loop.time())
    try:
        await asyncio.wait_for(asyncio.wait_for(child("deep2", 3), 0.2), 0.5)
    except TimeoutError:
        print("inner wait_for timed out at", loop.time())
    t = asyncio.create_task(child("zero", 1))
    try:
        await asyncio.wait_for(t, 0)
    except TimeoutError:
        print("wait_for 0 timeout", t.cancelled())
    done = asyncio.create_task(child("quick", 0))
    await asyncio.sleep(0.01)
    print("wait_for 0 on a done task:", await asyncio.wait_for(done, 0))

    async def wf():
        try:
            await asyncio.wait_for(child("wf-inner", 5), 3)
        except asyncio.CancelledError:
            print("wf got cancelled, not timeout")
            raise

    w = asyncio.create_task(wf())
    await asyncio.sleep(0.2)
    w.cancel()
    r = await asyncio.gather(w, return_exceptions=True)
    print(type(r[0]).__name__)
    print(await asyncio.wait_for(asyncio.sleep(0.1, "x"), timeout=None), loop.time())


asyncio.run(main())
