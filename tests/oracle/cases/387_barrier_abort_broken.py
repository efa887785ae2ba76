import asyncio


async def party(name, barrier):
    try:
        idx = await barrier.wait()
        print(name, "passed with", idx)
    except asyncio.BrokenBarrierError as e:
        print(name, "got", repr(e), "broken:", barrier.broken)


async def supervisor(barrier):
    await asyncio.sleep(0.2)
    print("supervisor aborts with", barrier.n_waiting, "waiting")
    await barrier.abort()


async def main():
    barrier = asyncio.Barrier(3)
    await asyncio.gather(party("x", barrier), party("y", barrier), supervisor(barrier))
    await party("late", barrier)
    await barrier.reset()
    print("after reset broken:", barrier.broken)
    try:
        asyncio.Barrier(0)
    except ValueError as e:
        print("ValueError:", e)
    print(isinstance(asyncio.BrokenBarrierError("x"), RuntimeError))


asyncio.run(main())
