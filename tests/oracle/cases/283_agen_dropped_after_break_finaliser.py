import asyncio


async def ticker(name):
    try:
        for i in range(10):
            await asyncio.sleep(0.1)
            yield i
    finally:
        print(name, "finally start")
        await asyncio.sleep(0.05)
        print(name, "finally end")


async def main():
    async for x in ticker("dropped"):
        print("got", x)
        if x == 1:
            break
    print("after break")
    await asyncio.sleep(0.01)
    print("after short sleep")
    await asyncio.sleep(0.1)
    print("main done")


asyncio.run(main())
