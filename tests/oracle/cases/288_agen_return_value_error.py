import asyncio


async def raiser():
    yield 1
    raise StopAsyncIteration


async def main():
    g = raiser()
    print(await g.__anext__())
    try:
        await g.__anext__()
    except RuntimeError as e:
        print("RuntimeError:", e)


asyncio.run(main())
