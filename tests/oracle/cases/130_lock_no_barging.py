import asyncio


async def holder(lock):
    async with lock:
        print("holder has it")
        await asyncio.sleep(0.1)
        print("holder releases")


async def waiter(lock, name):
    print(name, "asks, locked:", lock.locked())
    async with lock:
        print(name, "got it")
        await asyncio.sleep(0)
        print(name, "lets go")


async def newcomer(lock):
    await asyncio.sleep(0.1)
    print("newcomer asks, locked:", lock.locked())
    async with lock:
        print("newcomer got it")


async def main():
    lock = asyncio.Lock()
    h = asyncio.create_task(holder(lock))
    await asyncio.sleep(0)
    a = asyncio.create_task(waiter(lock, "a"))
    n = asyncio.create_task(newcomer(lock))
    await asyncio.sleep(0.05)
    b = asyncio.create_task(waiter(lock, "b"))
    await asyncio.gather(h, a, n, b)
    print("locked at the end:", lock.locked())
    try:
        lock.release()
    except RuntimeError as e:
        print("RuntimeError:", e)


asyncio.run(main())
