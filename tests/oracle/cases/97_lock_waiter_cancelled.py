import asyncio


async def user(lock, name, hold):
    print(name, "waits")
    try:
        async with lock:
            print(name, "got the lock")
            await asyncio.sleep(hold)
    except asyncio.CancelledError:
        print(name, "was cancelled while waiting")
        raise


async def main():
    lock = asyncio.Lock()
    a = asyncio.create_task(user(lock, "a", 0.3))
    b = asyncio.create_task(user(lock, "b", 0.1))
    c = asyncio.create_task(user(lock, "c", 0.1))
    await asyncio.sleep(0.1)
    b.cancel()
    await asyncio.gather(a, b, c, return_exceptions=True)
    print("b cancelled:", b.cancelled())


asyncio.run(main())
