import asyncio


async def main():
    cond = asyncio.Condition()
    state = {"n": 0}

    async def waiter(name, target):
        async with cond:
            r = await cond.wait_for(lambda: state["n"] >= target)
            print(name, "sees", state["n"], r)

    async def canceller_victim():
        async with cond:
            try:
                await cond.wait()
            except asyncio.CancelledError:
                print("victim cancelled, holds lock again:", cond.locked())
                raise

    ws = [asyncio.create_task(waiter("w2", 2)), asyncio.create_task(waiter("w1", 1))]
    v = asyncio.create_task(canceller_victim())
    await asyncio.sleep(0.1)
    v.cancel()
    for i in range(3):
        async with cond:
            state["n"] += 1
            print("n =", state["n"])
            cond.notify_all()
        await asyncio.sleep(0.1)
    await asyncio.gather(*ws)
    print("victim:", v.cancelled(), "locked:", cond.locked())
    try:
        cond.notify()
    except RuntimeError as e:
        print("RuntimeError:", e)


asyncio.run(main())
