import asyncio
import time


def readings():
    for r in [3, 1, 4]:
        time.sleep(0.1)
        yield r


async def heartbeat():
    for _ in range(3):
        print("heartbeat")
        await asyncio.sleep(0.1)


async def main():
    hb = asyncio.create_task(heartbeat())
    await asyncio.sleep(0)
    for r in readings():
        print("reading", r)
    await hb


asyncio.run(main())
