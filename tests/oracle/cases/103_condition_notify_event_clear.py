import asyncio


async def main():
    cond = asyncio.Condition()

    async def waiter(n):
        async with cond:
            await cond.wait()
            print("waiter", n, "woke")

    ws = [asyncio.create_task(waiter(i)) for i in range(4)]
    await asyncio.sleep(0.1)
    ws[1].cancel()
    async with cond:
        cond.notify(2)
    await asyncio.sleep(0.1)
    async with cond:
        cond.notify_all()
    res = await asyncio.gather(*ws, return_exceptions=True)
    print([type(r).__name__ for r in res])
    ev = asyncio.Event()

    async def ew(n):
        r = await ev.wait()
        print("event", n, r, ev.is_set())

    es = [asyncio.create_task(ew(i)) for i in range(3)]
    await asyncio.sleep(0)
    ev.set()
    ev.clear()
    await asyncio.gather(*es)
    print("is_set:", ev.is_set())


asyncio.run(main())
