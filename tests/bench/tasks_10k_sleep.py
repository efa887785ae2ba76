# 10 000 tasks that each sleep a random duration and print when they wake.
import asyncio
import random

random.seed(1)


async def sleeper(i, delay):
    await asyncio.sleep(delay)
    print(i, "woke")


async def main():
    await asyncio.gather(*[sleeper(i, random.random() * 10) for i in range(10_000)])


asyncio.run(main())
