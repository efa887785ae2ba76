import asyncio
import time


def add(a, b, scale=1, delay=0.0):
    time.sleep(delay)
    print("adding", a, b, "scale", scale)
    return (a + b) * scale


async def main():
    r1 = await asyncio.to_thread(add, 1, 2)
    r2 = await asyncio.to_thread(add, 3, 4, scale=10, delay=0.25)
    print(r1, r2)
    rs = await asyncio.gather(
        asyncio.to_thread(add, 1, 1, delay=0.3),
        asyncio.to_thread(add, 2, 2, delay=0.1),
    )
    print(rs)


asyncio.run(main())
