import asyncio


async def main():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(0.2) as cm:
            await asyncio.sleep(0.1)
            print("pushing the deadline back at", loop.time())
            cm.reschedule(loop.time() + 0.3)
            await asyncio.sleep(0.25)
            print("still inside at", loop.time())
            await asyncio.sleep(1)
    except TimeoutError:
        print("timed out at", loop.time(), "expired:", cm.expired())
    try:
        async with asyncio.timeout_at(loop.time() + 0.15):
            await asyncio.sleep(1)
    except TimeoutError:
        print("timeout_at fired at", loop.time())


asyncio.run(main())
