import asyncio


async def letters():
    for ch in "xy":
        await asyncio.sleep(0.1)
        yield ch


async def main():
    g = letters()
    step = g.__anext__()
    print("step created, nothing ran yet")
    print(await step)
    print(await g.__anext__())
    try:
        await g.__anext__()
    except StopAsyncIteration:
        print("StopAsyncIteration")
    print(g.__aiter__() is g)


asyncio.run(main())
