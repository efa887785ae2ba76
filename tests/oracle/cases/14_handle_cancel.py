import asyncio


def cb(label):
    print("callback", label)


async def main():
    loop = asyncio.get_running_loop()
    h1 = loop.call_later(0.1, cb, "kept")
    h2 = loop.call_later(0.2, cb, "cancelled")
    h3 = loop.call_soon(cb, "soon but cancelled")
    h2.cancel()
    h3.cancel()
    print("h1", h1.cancelled(), "h2", h2.cancelled(), "h3", h3.cancelled())
    print("h1 when", h1.when())
    await asyncio.sleep(0.3)
    print("done at", loop.time())


asyncio.run(main())
