import asyncio


async def main():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(0):
            print("inside expired timeout")
            await asyncio.sleep(1)
    except TimeoutError:
        print("timeout(0) fired at", loop.time())
    try:
        async with asyncio.timeout(None) as cm:
            print("when:", cm.when())
            await asyncio.sleep(0.1)
            cm.reschedule(loop.time() + 0.2)
            await asyncio.sleep(1)
    except TimeoutError:
        print("rescheduled timeout at", loop.time(), cm.expired())
    try:
        async with asyncio.timeout(1):
            try:
                async with asyncio.timeout(0.3):
                    await asyncio.sleep(2)
            except TimeoutError:
                print("inner timeout at", loop.time())
            await asyncio.sleep(2)
    except TimeoutError:
        print("outer timeout at", loop.time())
    try:
        async with asyncio.timeout(0.2):
            try:
                async with asyncio.timeout(0.5):
                    await asyncio.sleep(2)
            except TimeoutError:
                print("never: the outer one fires first")
    except TimeoutError:
        print("outer fired first at", loop.time())

    async def stubborn():
        try:
            await asyncio.sleep(1)
        except asyncio.CancelledError:
            print("stubborn swallows the cancel")
        return "kept"

    try:
        async with asyncio.timeout(0.1):
            r = await stubborn()
            print("stubborn returned", r)
    except TimeoutError:
        print("TimeoutError anyway at", loop.time())
    print("cancelling", asyncio.current_task().cancelling())


asyncio.run(main())
