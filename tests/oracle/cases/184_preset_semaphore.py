import asyncio


async def download(sem, i):
    async with sem:
        print(f"download {i} started")
        await asyncio.sleep(1)
        print(f"download {i} finished")


async def main():
    sem = asyncio.Semaphore(2)
    await asyncio.gather(*[download(sem, i) for i in range(6)])


asyncio.run(main())
