import asyncio
import functools
import time


class TTLCache:
    def __init__(self, ttl: float):
        self.ttl = ttl
        self._data: dict = {}
        self.hits = self.misses = 0

    def __contains__(self, key) -> bool:
        entry = self._data.get(key)
        return entry is not None and time.monotonic() - entry[1] < self.ttl

    def __getitem__(self, key):
        if key not in self:
            raise KeyError(key)
        return self._data[key][0]

    def __setitem__(self, key, value) -> None:
        self._data[key] = (value, time.monotonic())

    def __len__(self) -> int:
        return sum(1 for k in self._data if k in self)


def cached(cache: TTLCache):
    def deco(fn):
        @functools.wraps(fn)
        async def inner(key):
            if key in cache:
                cache.hits += 1
                return cache[key]
            cache.misses += 1
            value = await fn(key)
            cache[key] = value
            return value
        return inner
    return deco


CACHE = TTLCache(ttl=0.5)


@cached(CACHE)
async def load(key: str) -> str:
    await asyncio.sleep(0.2)
    return key[::-1]


async def main():
    for key in ["abc", "abc", "xyz", "abc"]:
        print(key, await load(key), f"t={time.monotonic():.1f}")
    await asyncio.sleep(0.3)
    print(await load("abc"), await load("xyz"), len(CACHE))
    print("hits", CACHE.hits, "misses", CACHE.misses, load.__name__)


asyncio.run(main())
