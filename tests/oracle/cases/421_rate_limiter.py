import asyncio
import time
from collections import deque


class RateLimiter:
    """At most `rate` acquisitions in any window of `per` seconds."""

    def __init__(self, rate: int, per: float) -> None:
        self.rate = rate
        self.per = per
        self._stamps: deque[float] = deque()
        self._lock = asyncio.Lock()

    async def __aenter__(self) -> "RateLimiter":
        async with self._lock:
            while True:
                now = time.monotonic()
                while self._stamps and now - self._stamps[0] >= self.per:
                    self._stamps.popleft()
                if len(self._stamps) < self.rate:
                    self._stamps.append(now)
                    return self
                await asyncio.sleep(self.per - (now - self._stamps[0]))

    async def __aexit__(self, *exc) -> None:
        return None


async def call_api(limiter: RateLimiter, i: int, start: float) -> str:
    async with limiter:
        print(f"request {i} at {time.monotonic() - start:.2f}")
        await asyncio.sleep(0.05)
        return f"r{i}"


async def main():
    limiter = RateLimiter(rate=3, per=1.0)
    start = time.monotonic()
    results = await asyncio.gather(*(call_api(limiter, i, start) for i in range(8)))
    print(results)
    print(f"took {time.monotonic() - start:.2f}s")


asyncio.run(main())
