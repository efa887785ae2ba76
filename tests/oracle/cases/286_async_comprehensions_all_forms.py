import asyncio


async def numbers(n):
    for i in range(n):
        await asyncio.sleep(0.1)
        yield i


async def main():
    print([x async for x in numbers(3)])
    print({x % 2 async for x in numbers(4)})
    print({x: x * x async for x in numbers(3)})
    print([x async for x in numbers(6) if x % 2])
    print([(x, y) async for x in numbers(2) for y in "ab"])
    evens = (x async for x in numbers(5) if x % 2 == 0)
    print(type(evens).__name__)
    print([e async for e in evens])


asyncio.run(main())
