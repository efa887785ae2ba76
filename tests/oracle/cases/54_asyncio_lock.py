import asyncio

lock = None
shared = []


async def critical(name, hold):
    print(name, "wants the lock")
    async with lock:
        print(name, "holds the lock")
        shared.append(name)
        await asyncio.sleep(hold)
        print(name, "releases")


async def main():
    global lock
    lock = asyncio.Lock()
    await asyncio.gather(critical("a", 0.2), critical("b", 0.1), critical("c", 0.1))
    print(shared, "locked:", lock.locked())
    await lock.acquire()
    print("manual acquire, locked:", lock.locked())
    lock.release()
    try:
        lock.release()
    except RuntimeError as e:
        print("RuntimeError:", e)


asyncio.run(main())
