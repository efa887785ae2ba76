import asyncio


async def user(sem, name):
    print(name, "asks, locked:", sem.locked())
    try:
        await sem.acquire()
    except asyncio.CancelledError:
        print(name, "cancelled while waiting")
        raise
    print(name, "acquired")
    await asyncio.sleep(0.1)
    sem.release()
    print(name, "released")


async def main():
    sem = asyncio.Semaphore(0)
    ts = [asyncio.create_task(user(sem, f"u{i}")) for i in range(4)]
    await asyncio.sleep(0.01)
    sem.release()
    sem.release()
    print("released twice, locked:", sem.locked())
    late = asyncio.create_task(user(sem, "late"))
    await asyncio.sleep(0)
    ts[1].cancel()
    print("cancelled u1 after it was woken")
    await asyncio.gather(*ts, late, return_exceptions=True)
    print("end, locked:", sem.locked())
    print("acquire when free:", await sem.acquire(), sem.locked())


asyncio.run(main())
