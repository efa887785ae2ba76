import asyncio
import concurrent.futures
import time


def crunch(n):
    total = 0
    for i in range(n):
        total += i * i
    return total


async def run_in(pool, label):
    loop = asyncio.get_running_loop()
    start = time.perf_counter()
    jobs = [loop.run_in_executor(pool, crunch, 10_000) for _ in range(4)]
    await asyncio.gather(*jobs)
    print(f"{label}: {time.perf_counter() - start:.2f} s")


async def main():
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        await run_in(pool, "4 threads")
    with concurrent.futures.ProcessPoolExecutor(max_workers=4) as pool:
        await run_in(pool, "4 processes")


if __name__ == "__main__":
    asyncio.run(main())
