import asyncio
import itertools


async def ticker(period: float, limit: int):
    for i in itertools.count():
        if i >= limit:
            return
        yield i
        await asyncio.sleep(period)


async def squares(source):
    async for x in source:
        yield x * x


async def batched(source, n: int):
    batch = []
    async for x in source:
        batch.append(x)
        if len(batch) == n:
            yield batch
            batch = []
    if batch:
        yield batch


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    async for batch in batched(squares(ticker(0.25, 7)), 3):
        print(f"{loop.time() - start:.2f}", batch)
    evens = [x async for x in squares(ticker(0.1, 6)) if x % 2 == 0]
    print(evens)


asyncio.run(main())
