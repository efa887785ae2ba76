import asyncio


class RateLimiter:
    active = 0
    peak = 0

    def __init__(self, limit):
        self.sem = asyncio.Semaphore(limit)

    async def run(self, name, d):
        async with self.sem:
            RateLimiter.active += 1
            RateLimiter.peak = max(RateLimiter.peak, RateLimiter.active)
            await asyncio.sleep(d)
            RateLimiter.active -= 1
            print(name, "done")


async def main():
    rl = RateLimiter(2)
    await asyncio.gather(*(rl.run(f"j{i}", 0.1 * (i + 1)) for i in range(5)))
    print("peak", RateLimiter.peak)


asyncio.run(main())
