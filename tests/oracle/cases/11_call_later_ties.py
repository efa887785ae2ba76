import asyncio


def cb(label):
    print("fired", label)


async def main():
    loop = asyncio.get_running_loop()
    loop.call_later(0.5, cb, "x")
    loop.call_later(0.25, cb, "early")
    loop.call_later(0.5, cb, "y")
    loop.call_at(loop.time() + 0.5, cb, "z")
    loop.call_later(0.5, cb, "w")
    await asyncio.sleep(0.75)
    print("main done at", loop.time())


asyncio.run(main())
