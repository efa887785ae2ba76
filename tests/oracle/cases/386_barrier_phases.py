import asyncio


async def worker(name, barrier, delay):
    for phase in range(2):
        await asyncio.sleep(delay)
        print(f"{name} arrives at phase {phase}, {barrier.n_waiting} already waiting")
        idx = await barrier.wait()
        print(f"{name} leaves phase {phase} with index {idx}")
    return name


async def main():
    barrier = asyncio.Barrier(3)
    print("parties:", barrier.parties, "waiting:", barrier.n_waiting, "broken:", barrier.broken)
    done = await asyncio.gather(
        worker("a", barrier, 0.1), worker("b", barrier, 0.2), worker("c", barrier, 0.15)
    )
    print(done, "waiting:", barrier.n_waiting)


asyncio.run(main())
