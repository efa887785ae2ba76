import asyncio


async def double(x):
    await asyncio.sleep(0.1 * x)
    return 2 * x


async def is_odd(x):
    await asyncio.sleep(0.05)
    return x % 2 == 1


async def main():
    tasks = [asyncio.create_task(double(i)) for i in range(4)]
    print([await t for t in tasks])
    print([await double(i) for i in range(3)])
    print([i for i in range(5) if await is_odd(i)])
    print({i: await double(i) for i in range(2)})
    gen = (await double(i) for i in range(2))
    print([v async for v in gen])


asyncio.run(main())
