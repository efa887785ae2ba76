import asyncio


def cb(label, loop):
    print(label, "runs at loop.time() =", repr(loop.time()))


async def main():
    loop = asyncio.get_running_loop()
    loop.call_at(0.1 + 0.2, cb, "a: when=0.1+0.2", loop)
    loop.call_at(0.3, cb, "b: when=0.3", loop)
    loop.call_at(0.3 + 5e-10, cb, "c: when=0.3+5e-10", loop)
    loop.call_at(0.3 + 2e-9, cb, "d: when=0.3+2e-9", loop)
    await asyncio.sleep(0.5)


asyncio.run(main())
