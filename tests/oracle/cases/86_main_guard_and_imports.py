import asyncio as aio
import time as t
from asyncio import sleep, create_task, gather
from concurrent.futures import ThreadPoolExecutor


def blocking(n):
    t.sleep(0.1 * n)
    return n * 10


async def step(n):
    await sleep(0.1 * n)
    return n


async def main():
    tasks = [create_task(step(n)) for n in (3, 1, 2)]
    print(await gather(*tasks))
    loop = aio.get_running_loop()
    with ThreadPoolExecutor(max_workers=2) as pool:
        print(await gather(loop.run_in_executor(pool, blocking, 1), loop.run_in_executor(pool, blocking, 2)))
    print("__name__ is", __name__)


if __name__ == "__main__":
    aio.run(main())
