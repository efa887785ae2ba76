import asyncio
import time


def cb(label):
    print("timer", label, "fired at", asyncio.get_running_loop().time())


async def main():
    loop = asyncio.get_running_loop()
    loop.call_later(0.5, cb, "b")
    loop.call_later(0.2, cb, "a")
    loop.call_later(0.7, cb, "c")
    print("blocking the loop for 1 s")
    time.sleep(1)
    print("unblocked at", loop.time())
    await asyncio.sleep(0)
    print("main's wake-up was queued before the late timers")
    await asyncio.sleep(0)
    print("main after the late timers")


asyncio.run(main())
