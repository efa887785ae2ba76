import asyncio


async def waiter(name, barrier):
    try:
        await barrier.wait()
    except asyncio.BrokenBarrierError as e:
        print(name, "broken by reset:", e)


async def resetter(barrier):
    await asyncio.sleep(0.05)
    print("resetting with", barrier.n_waiting, "waiting")
    await barrier.reset()


async def member(name, barrier, delay):
    await asyncio.sleep(delay)
    async with barrier as i:
        print(name, "inside with index", i)


async def main():
    barrier = asyncio.Barrier(2)
    await asyncio.gather(waiter("w", barrier), resetter(barrier))
    print("broken after reset:", barrier.broken)
    await asyncio.gather(member("p", barrier, 0.1), member("q", barrier, 0.05))


asyncio.run(main())
