import asyncio
from typing import AsyncIterator

async def ticks(n: int) -> AsyncIterator[int]:
    for i in range(n):
        yield i
        await asyncio.sleep(0.1)

class Resource:
    def __init__(self, name):
        self.name = name
    async def __aenter__(self):
        print("acquire", self.name)
        await asyncio.sleep(0.05)
        return self
    async def __aexit__(self, *exc):
        print("release", self.name, exc[0].__name__ if exc[0] else None)
        return False

async def main():
    async for t in ticks(3):
        print("tick", t)
    agen = ticks(5)
    print(await anext(agen), await anext(agen))
    await agen.aclose()
    try:
        async with Resource("db") as r, Resource("cache"):
            raise KeyError("x")
    except KeyError:
        print("handled")
    results = await asyncio.gather(*[asyncio.sleep(0.01 * i, result=i) for i in range(5)])
    print(results, sum(results))
    async def slow():
        await asyncio.sleep(1)
    task = asyncio.create_task(slow(), name="slow-one")
    await asyncio.sleep(0.1)
    print(task.get_name(), task.done(), repr(task)[:40])
    task.cancel()
    done, _ = await asyncio.wait({task})
    print([t.cancelled() for t in done])
    print(asyncio.iscoroutinefunction(slow), asyncio.iscoroutine(slow()))

asyncio.run(main(), debug=False)
