import asyncio
import time
from concurrent.futures import ThreadPoolExecutor


def job(n):
    print("job", n, "runs")
    time.sleep(0.1)
    return n


async def main():
    loop = asyncio.get_running_loop()
    ex = ThreadPoolExecutor(max_workers=1)
    fs = [loop.run_in_executor(ex, job, i) for i in range(4)]
    await asyncio.sleep(0.05)
    ex.shutdown(wait=False, cancel_futures=True)
    res = await asyncio.gather(*fs, return_exceptions=True)
    print([type(r).__name__ if isinstance(r, BaseException) else r for r in res], loop.time())


asyncio.run(main())
