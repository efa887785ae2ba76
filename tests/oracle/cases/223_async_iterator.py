import asyncio


class Ticker:
    def __init__(self, delay, n):
        self.delay = delay
        self.n = n
        self.i = 0

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.i >= self.n:
            raise StopAsyncIteration
        await asyncio.sleep(self.delay)
        self.i += 1
        return self.i


async def main():
    async for t in Ticker(0.5, 3):
        print("tick", t)
    total = 0
    async for t in Ticker(0.1, 10):
        if t > 4:
            break
        total += t
    print("total", total)


asyncio.run(main())
