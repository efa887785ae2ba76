import asyncio


async def limited(sem, n, running):
    async with sem:
        running.append(n)
        print(f"job {n} starts, {len(running)} running")
        await asyncio.sleep(0.1 * (n % 3 + 1))
        running.remove(n)
        print(f"job {n} ends")


async def main():
    sem = asyncio.Semaphore(2)
    running = []
    await asyncio.gather(*[limited(sem, n, running) for n in range(6)])
    print("locked:", sem.locked())


asyncio.run(main())
