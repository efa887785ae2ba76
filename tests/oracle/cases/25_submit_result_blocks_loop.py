import asyncio
import concurrent.futures
import time


def compute():
    time.sleep(0.3)
    print("worker finished")
    return 7


async def ticker():
    for i in range(4):
        print("tick", i)
        await asyncio.sleep(0.1)


async def main():
    t = asyncio.create_task(ticker())
    await asyncio.sleep(0.05)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        fut = pool.submit(compute)
        print("blocking the loop on fut.result()")
        print("result", fut.result())
    await t


asyncio.run(main())
