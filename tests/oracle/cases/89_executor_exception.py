import asyncio
import time


def risky(n):
    time.sleep(0.1)
    if n < 0:
        raise ValueError(f"negative input {n}")
    return n * 2


async def main():
    loop = asyncio.get_running_loop()
    print(await loop.run_in_executor(None, risky, 4))
    try:
        await loop.run_in_executor(None, risky, -1)
    except ValueError as e:
        print("exception crossed from the thread:", e)
    results = await asyncio.gather(
        asyncio.to_thread(risky, -2), asyncio.to_thread(risky, 3), return_exceptions=True
    )
    print([repr(r) for r in results])


asyncio.run(main())
