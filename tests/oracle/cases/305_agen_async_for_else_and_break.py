import asyncio


async def count(n):
    for i in range(n):
        await asyncio.sleep(0.1)
        yield i


async def main():
    async for i in count(2):
        print("i", i)
    else:
        print("loop finished without break")
    found = None
    async for i in count(10):
        if i * i > 10:
            found = i
            break
    print("found", found)
    await asyncio.sleep(0.5)
    print("end")


asyncio.run(main())
