import asyncio
import time


async def polite(name):
    for i in range(3):
        print(name, "tick", i)
        await asyncio.sleep(0.1)


async def hog():
    print("hog blocks for 0.35 s")
    time.sleep(0.35)
    print("hog done")


async def main():
    await asyncio.gather(polite("p"), hog(), polite("q"))


asyncio.run(main())
