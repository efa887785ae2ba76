import asyncio


async def stubborn():
    while True:
        try:
            yield 1
        except GeneratorExit:
            print("ignoring GeneratorExit")


async def main():
    g = stubborn()
    print(await g.__anext__())
    try:
        await g.aclose()
    except RuntimeError as e:
        print("RuntimeError:", e)


asyncio.run(main())
