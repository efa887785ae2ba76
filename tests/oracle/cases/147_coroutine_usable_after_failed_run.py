import asyncio


async def quick():
    return 1


async def main():
    c = quick()
    try:
        asyncio.run(c)
    except RuntimeError as e:
        print("RuntimeError:", e)
    print("the coroutine was not started, so it can still be awaited:", await c)


asyncio.run(main())
