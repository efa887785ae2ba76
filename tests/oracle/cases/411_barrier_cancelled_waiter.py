import asyncio


async def waiter(name, barrier):
    try:
        idx = await barrier.wait()
        print(name, "passed", idx)
    except asyncio.CancelledError:
        print(name, "cancelled while waiting; n_waiting now", barrier.n_waiting)
        raise


async def main():
    barrier = asyncio.Barrier(2)
    t = asyncio.create_task(waiter("first", barrier))
    await asyncio.sleep(0.1)
    print("waiting:", barrier.n_waiting)
    t.cancel()
    await asyncio.gather(t, return_exceptions=True)
    print("after cancel:", barrier.n_waiting, "broken:", barrier.broken)
    await asyncio.gather(waiter("a", barrier), waiter("b", barrier))


asyncio.run(main())
