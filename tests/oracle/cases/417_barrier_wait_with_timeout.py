import asyncio


async def impatient(name, barrier, patience):
    try:
        async with asyncio.timeout(patience):
            idx = await barrier.wait()
        print(name, "passed with", idx)
    except TimeoutError:
        print(name, "gave up; waiting now", barrier.n_waiting)


async def main():
    barrier = asyncio.Barrier(3)
    await asyncio.gather(
        impatient("a", barrier, 0.1),
        impatient("b", barrier, 0.3),
    )
    print("broken:", barrier.broken, "waiting:", barrier.n_waiting)
    results = await asyncio.gather(
        impatient("c", barrier, 1),
        impatient("d", barrier, 1),
        impatient("e", barrier, 1),
    )
    print("all through at", asyncio.get_running_loop().time())


asyncio.run(main())
