import asyncio


async def main():
    ev = asyncio.Event()

    async def w(name):
        try:
            await ev.wait()
            print(name, "woke")
        except asyncio.CancelledError:
            print(name, "cancelled")
            raise

    ts = [asyncio.create_task(w(f"w{i}")) for i in range(3)]
    await asyncio.sleep(0.1)
    ts[0].cancel()
    try:
        await asyncio.wait_for(ev.wait(), 0.1)
    except TimeoutError:
        print("main's wait timed out at", asyncio.get_running_loop().time())
    ev.set()
    ts[2].cancel()
    res = await asyncio.gather(*ts, return_exceptions=True)
    print([type(r).__name__ for r in res])
    print("wait on set event:", await ev.wait())


asyncio.run(main())
