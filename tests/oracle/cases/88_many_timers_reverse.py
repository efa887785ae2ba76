import asyncio


async def sleeper(i):
    await asyncio.sleep(0.05 * (10 - i))
    print("sleeper", i, "wakes")
    return i


async def main():
    results = await asyncio.gather(*[sleeper(i) for i in range(10)])
    print(results)


asyncio.run(main())
