import asyncio
import time
from concurrent.futures import ThreadPoolExecutor


def read_records(n: int):
    """A blocking data source, consumed lazily."""
    for i in range(n):
        time.sleep(0.05)
        yield {"id": i, "value": i * i}


def checksum(records) -> int:
    total = 0
    for r in records:
        total += r["value"]
    return total


def chunks(iterable, size):
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [loop.run_in_executor(pool, checksum, chunk) for chunk in chunks(range(0), 1)]
        results = await asyncio.gather(
            loop.run_in_executor(pool, checksum, read_records(6)),
            loop.run_in_executor(pool, checksum, read_records(4)),
            asyncio.to_thread(lambda: [len(c) for c in chunks(range(7), 3)]),
        )
    print(results, futures, f"{loop.time() - start:.2f}")
    gen = (x * 2 for x in range(3))
    print(next(gen), list(gen), list(gen))


asyncio.run(main())
