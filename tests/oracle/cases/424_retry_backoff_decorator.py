import asyncio
import functools
import time


def retry(times: int, base_delay: float = 0.1, exceptions=(Exception,)):
    def decorator(func):
        @functools.wraps(func)
        async def wrapper(*args, **kwargs):
            delay = base_delay
            for attempt in range(1, times + 1):
                try:
                    return await func(*args, **kwargs)
                except exceptions as e:
                    if attempt == times:
                        print(f"{func.__name__}: giving up after {attempt} attempts")
                        raise
                    print(f"{func.__name__}: attempt {attempt} failed ({e}); retry in {delay:.1f}s")
                    await asyncio.sleep(delay)
                    delay *= 2
        return wrapper
    return decorator


class Flaky:
    def __init__(self, failures: int):
        self.failures = failures
        self.calls = 0

    @retry(times=4, base_delay=0.1, exceptions=(ConnectionError,))
    async def get(self, key: str) -> str:
        self.calls += 1
        await asyncio.sleep(0.01)
        if self.calls <= self.failures:
            raise ConnectionError(f"try {self.calls}")
        return key.upper()


async def main():
    start = time.monotonic()
    ok = Flaky(2)
    print(await ok.get("value"), ok.calls, Flaky.get.__name__)
    bad = Flaky(10)
    try:
        await bad.get("x")
    except ConnectionError as e:
        print("failed:", e, bad.calls)
    print(f"elapsed {time.monotonic() - start:.2f}")


asyncio.run(main())
