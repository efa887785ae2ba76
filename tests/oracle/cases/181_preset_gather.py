import asyncio

N = 5


async def fetch(i):
    print(f"fetch {i} started")
    await asyncio.sleep(0.5 + 0.25 * i)
    print(f"fetch {i} done")
    return i * 10


async def main():
    results = await asyncio.gather(*[fetch(i) for i in range(N)])
    print("results:", results)


asyncio.run(main())
