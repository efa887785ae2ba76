import asyncio


async def ticker(interval, count):
    for i in range(count):
        await asyncio.sleep(interval)
        yield i


async def background():
    for _ in range(3):
        await asyncio.sleep(0.25)
        print("background tick")


async def main():
    bg = asyncio.create_task(background())
    async for t in ticker(0.2, 4):
        print("ticker", t)
    await bg


asyncio.run(main())
