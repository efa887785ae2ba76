import asyncio


async def watcher():
    try:
        while True:
            await asyncio.sleep(0.1)
            yield "ok"
    except asyncio.CancelledError:
        print("watcher saw a cancellation")
        yield "stopping"


async def main():
    w = watcher()
    print(await w.__anext__())
    print(await w.athrow(asyncio.CancelledError()))
    try:
        await w.__anext__()
    except StopAsyncIteration:
        print("finished")
    fresh = watcher()
    try:
        await fresh.athrow(ValueError("early"))
    except ValueError as e:
        print("thrown into a fresh generator:", e)
    try:
        await fresh.asend("x")
    except StopAsyncIteration:
        print("and it is finished")
    other = watcher()
    try:
        await other.asend("x")
    except TypeError as e:
        print("TypeError:", e)


asyncio.run(main())
