import asyncio
import time
from concurrent.futures import ThreadPoolExecutor


def job(n):
    print("job", n, "runs")
    time.sleep(0.1)
    return n


async def ticker():
    for i in range(4):
        print("tick", i)
        await asyncio.sleep(0.07)


async def main():
    loop = asyncio.get_running_loop()
    ex = ThreadPoolExecutor(max_workers=1)
    fs = [loop.run_in_executor(ex, job, i) for i in range(3)]
    await asyncio.sleep(0.05)
    ex.shutdown(wait=False)
    print("shutdown(wait=False) returned at", loop.time())
    print(await asyncio.gather(*fs), loop.time())
    try:
        loop.run_in_executor(ex, job, 9)
    except RuntimeError as e:
        print("RuntimeError:", e)
    t = asyncio.create_task(ticker())
    await asyncio.sleep(0)
    with ThreadPoolExecutor(max_workers=2) as ex2:
        ex2.submit(job, 10)
        ex2.submit(job, 11)
        ex2.submit(job, 12)
    print("with-block left at", loop.time())
    await t


asyncio.run(main())
