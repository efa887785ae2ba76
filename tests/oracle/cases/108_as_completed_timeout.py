import asyncio


async def slow(n):
    await asyncio.sleep(n)
    return n


async def main():
    loop = asyncio.get_running_loop()
    ts = [asyncio.create_task(slow(d)) for d in (0.3, 0.1, 5, 0.2)]
    n = 0
    for c in asyncio.as_completed(ts, timeout=1):
        try:
            print("as_completed", await c, loop.time())
        except TimeoutError:
            print("as_completed timeout at", loop.time())
        n += 1
    print("iterations", n, "slow one done?", ts[2].done())
    ts[2].cancel()
    await asyncio.sleep(0)
    print("cancelled:", ts[2].cancelled())


asyncio.run(main())
