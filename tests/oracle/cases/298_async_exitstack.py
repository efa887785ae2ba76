import asyncio
from contextlib import AsyncExitStack, asynccontextmanager


@asynccontextmanager
async def connect(name, delay):
    await asyncio.sleep(delay)
    print(f"connected {name}")
    try:
        yield f"<{name}>"
    finally:
        await asyncio.sleep(0.1)
        print(f"disconnected {name}")


async def flush(label):
    await asyncio.sleep(0.05)
    print("flushed", label)


async def main():
    async with AsyncExitStack() as stack:
        db = await stack.enter_async_context(connect("db", 0.2))
        cache = await stack.enter_async_context(connect("cache", 0.1))
        stack.push_async_callback(flush, "logs")
        stack.callback(print, "sync callback")
        print("working with", db, cache)
    print("all closed")
    try:
        async with AsyncExitStack() as stack:
            await stack.enter_async_context(connect("queue", 0.1))
            raise RuntimeError("failed mid-way")
    except RuntimeError as e:
        print("caught", e)


asyncio.run(main())
