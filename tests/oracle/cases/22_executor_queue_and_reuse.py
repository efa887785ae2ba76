import asyncio
from concurrent.futures import ThreadPoolExecutor
import time


def job(n):
    print("job", n, "starts")
    time.sleep(0.1 * n)
    print("job", n, "ends")
    return n * n


async def main():
    loop = asyncio.get_running_loop()
    pool = ThreadPoolExecutor(max_workers=2)
    futures = [loop.run_in_executor(pool, job, n) for n in [3, 1, 5, 2]]
    print(await asyncio.gather(*futures))
    await asyncio.sleep(0.05)
    print("second batch")
    print(await loop.run_in_executor(pool, job, 5))
    pool.shutdown(wait=True)
    print("shut down at", loop.time())


asyncio.run(main())
