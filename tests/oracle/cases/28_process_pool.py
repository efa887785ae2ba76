import asyncio
import concurrent.futures


def cpu_bound(n):
    total = 0
    for i in range(n):
        total += i * i
    return total


async def main():
    loop = asyncio.get_running_loop()
    with concurrent.futures.ProcessPoolExecutor(max_workers=2) as pool:
        results = await asyncio.gather(
            loop.run_in_executor(pool, cpu_bound, 1000),
            loop.run_in_executor(pool, cpu_bound, 10),
            loop.run_in_executor(pool, cpu_bound, 100000),
        )
    print(results)


if __name__ == "__main__":
    asyncio.run(main())
