import asyncio
async def main():
    try:
        await asyncio.sleep(float('nan'))
        print("slept nan")
    except Exception as e:
        print(type(e).__name__, e)
    try:
        await asyncio.sleep(-5)
        print("slept -5")
    except Exception as e:
        print(type(e).__name__, e)
    try:
        await asyncio.wait_for(asyncio.sleep(1), timeout=float('nan'))
        print("wait_for nan ok")
    except BaseException as e:
        print("wait_for nan", type(e).__name__)
    try:
        await asyncio.wait_for(asyncio.sleep(1), timeout=-1)
    except BaseException as e:
        print("wait_for -1", type(e).__name__)
    loop = asyncio.get_running_loop()
    loop.call_later(float('inf'), print, "never")
    h = loop.call_later(1e300, print, "never")
    print(h.when() > 0)
    async with asyncio.timeout(float('inf')):
        await asyncio.sleep(0.1)
    print("done")
asyncio.run(main())
