import asyncio


def bad_callback():
    print("bad callback runs")
    raise RuntimeError("raised in a callback")


def good_callback():
    print("good callback still runs")


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(bad_callback)
    loop.call_soon(good_callback)
    await asyncio.sleep(0.1)
    print("the loop survived")


asyncio.run(main())
