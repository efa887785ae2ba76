import asyncio


async def fetch(name, seconds):
    await asyncio.sleep(seconds)
    return f"{name} after {seconds}s"


async def main():
    coros = [fetch("a", 0.3), fetch("b", 0.1), fetch("c", 0.2)]
    for next_done in asyncio.as_completed(coros):
        print(await next_done)
    try:
        for next_done in asyncio.as_completed([fetch("slow", 1.0), fetch("ok", 0.1)], timeout=0.5):
            print(await next_done)
    except TimeoutError:
        print("as_completed timed out")


asyncio.run(main())
