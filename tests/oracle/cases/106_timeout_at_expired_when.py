import asyncio


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    cm = asyncio.timeout_at(start + 0.25)
    try:
        async with cm:
            print("deadline", cm.when())
            await asyncio.sleep(0.1)
            print("expired?", cm.expired())
            await asyncio.sleep(0.1)
            cm.reschedule(cm.when() + 0.1)
            await asyncio.sleep(0.5)
    except TimeoutError:
        print("timeout_at fired at", loop.time(), cm.expired())
    async with asyncio.timeout(0.5) as ok:
        await asyncio.sleep(0.1)
    print("finished early, expired:", ok.expired(), ok.when())
    try:
        async with asyncio.timeout_at(loop.time() - 1):
            print("past deadline body runs")
            await asyncio.sleep(0)
            print("never")
    except TimeoutError:
        print("past deadline fires at", loop.time())


asyncio.run(main())
