import asyncio
import time


def job(n):
    time.sleep(0.1 + 0.01 * n)
    return n


async def main():
    loop = asyncio.get_running_loop()
    fs = [loop.run_in_executor(None, job, n) for n in range(10)]
    for f in asyncio.as_completed(fs):
        r = await f
        print("job", r, "done at", round(loop.time(), 3))
    t0 = time.monotonic()
    p0 = time.perf_counter()
    await asyncio.sleep(0.25)
    print(round(time.monotonic() - t0, 6), round(time.perf_counter() - p0, 6))
    w0 = time.time()
    time.sleep(0.125)
    print("blocked for", round(time.time() - w0, 6))


asyncio.run(main())
