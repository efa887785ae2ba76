import asyncio
import time


def blocking_io():
    print("worker: blocking for 0.35 s")
    time.sleep(0.35)
    print("worker: done")
    return "data"


async def ticker(n):
    for i in range(n):
        print("tick", i)
        await asyncio.sleep(0.1)


async def main():
    loop = asyncio.get_running_loop()
    tick = asyncio.create_task(ticker(5))
    await asyncio.sleep(0)  # let the ticker start first
    data = await loop.run_in_executor(None, blocking_io)
    print("got", data)
    await tick


asyncio.run(main())
