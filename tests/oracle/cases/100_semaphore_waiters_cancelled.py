import asyncio


async def user(sem, name, hold):
    print(name, "waits")
    try:
        async with sem:
            print(name, "in")
            await asyncio.sleep(hold)
            print(name, "out")
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise


async def main():
    sem = asyncio.Semaphore(1)
    a = asyncio.create_task(user(sem, "a", 0.2))
    b = asyncio.create_task(user(sem, "b", 0.2))
    c = asyncio.create_task(user(sem, "c", 0.2))
    d = asyncio.create_task(user(sem, "d", 0.1))
    await asyncio.sleep(0.05)
    d.cancel()
    await asyncio.sleep(0.15)
    # a has released: b is woken but is cancelled before it runs
    await asyncio.sleep(0)
    b.cancel()
    res = await asyncio.gather(a, b, c, d, return_exceptions=True)
    print([type(r).__name__ for r in res])
    print("locked:", sem.locked())


asyncio.run(main())
