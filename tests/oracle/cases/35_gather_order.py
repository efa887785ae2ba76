import asyncio


async def delayed(value, seconds):
    await asyncio.sleep(seconds)
    print("finished", value)
    return value


async def main():
    results = await asyncio.gather(delayed("a", 0.3), delayed("b", 0.1), delayed("c", 0.2))
    print(results)
    empty = await asyncio.gather()
    print("empty gather", empty)


asyncio.run(main())
