import asyncio
import time
from concurrent.futures import ThreadPoolExecutor


def job(n):
    print("job", n, "runs")
    time.sleep(0.1)
    print("job", n, "ends")
    return n


async def main():
    loop = asyncio.get_running_loop()
    ex = ThreadPoolExecutor(max_workers=1)
    f1 = loop.run_in_executor(ex, job, 1)
    f2 = loop.run_in_executor(ex, job, 2)
    f3 = loop.run_in_executor(ex, job, 3)
    f2.cancel()
    r = await asyncio.gather(f1, f3)
    print(r, loop.time(), "f2 cancelled", f2.cancelled())
    f4 = loop.run_in_executor(ex, job, 4)
    await asyncio.sleep(0.05)
    print("cancel running job:", f4.cancel())
    try:
        await f4
    except asyncio.CancelledError:
        print("f4 cancelled at", loop.time())
    await asyncio.sleep(0.1)
    ex.shutdown(wait=True)
    print("shut down at", loop.time())


asyncio.run(main())
