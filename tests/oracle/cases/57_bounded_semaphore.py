import asyncio


async def main():
    plain = asyncio.Semaphore(1)
    plain.release()
    print("a plain Semaphore may be released past its start value")
    bounded = asyncio.BoundedSemaphore(2)
    await bounded.acquire()
    await bounded.acquire()
    print("locked after two acquires:", bounded.locked())
    bounded.release()
    bounded.release()
    try:
        bounded.release()
    except ValueError as e:
        print("ValueError:", e)
    try:
        asyncio.Semaphore(-1)
    except ValueError as e:
        print("ValueError:", e)


asyncio.run(main())
