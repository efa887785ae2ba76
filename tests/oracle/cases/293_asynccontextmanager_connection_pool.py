import asyncio
from contextlib import asynccontextmanager


class_free_pool = {"free": 2, "waiters": 0}
pool_lock = asyncio.Semaphore(2)


@asynccontextmanager
async def connection(name):
    async with pool_lock:
        print(f"{name}: connecting")
        await asyncio.sleep(0.1)
        try:
            yield f"conn-{name}"
        finally:
            await asyncio.sleep(0.05)
            print(f"{name}: released")


async def query(name, seconds):
    async with connection(name) as conn:
        print(f"{name}: using {conn}")
        await asyncio.sleep(seconds)
        return f"{name} done"


async def main():
    results = await asyncio.gather(query("a", 0.3), query("b", 0.2), query("c", 0.1))
    print(results)


asyncio.run(main())
