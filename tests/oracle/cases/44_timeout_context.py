import asyncio


async def main():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(0.3):
            print("inside the timeout block")
            await asyncio.sleep(1)
            print("not reached")
    except TimeoutError:
        print("timed out at", loop.time())
    async with asyncio.timeout(0.5) as cm:
        await asyncio.sleep(0.1)
        print("finished in time, when =", cm.when(), "expired =", cm.expired())
    print("expired after exit:", cm.expired())
    async with asyncio.timeout(None) as cm:
        await asyncio.sleep(0.1)
        print("no deadline:", cm.when())


asyncio.run(main())
