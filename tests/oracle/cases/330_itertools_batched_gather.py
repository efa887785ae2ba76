import asyncio
import itertools


async def fetch(i):
    await asyncio.sleep(0.1 * (i % 3 + 1))
    return i * 10


async def main():
    loop = asyncio.get_running_loop()
    # Ten jobs, three at a time: each batch waits for its slowest job.
    for batch in itertools.batched(range(10), 3):
        results = await asyncio.gather(*[fetch(i) for i in batch])
        print(f"{loop.time():.1f} batch {batch} -> {results}")
    print(list(itertools.batched("abcdefg", 2)))


asyncio.run(main())
