import asyncio
import itertools


async def worker(name, jobs):
    for j in jobs:
        await asyncio.sleep(j / 10)
        print(f"{asyncio.get_running_loop().time():.1f} {name} finished job {j}")


async def main():
    names = ["w1", "w2", "w3"]
    assignment = {n: [] for n in names}
    for name, job in zip(itertools.cycle(names), range(1, 8)):
        assignment[name].append(job)
    print(assignment)
    await asyncio.gather(*itertools.starmap(worker, assignment.items()))
    ids = itertools.count(1000)
    print([next(ids) for _ in range(3)], next(ids))
    stamps = [0.0, 0.5, 1.25, 3.0]
    print([round(b - a, 2) for a, b in itertools.pairwise(stamps)])


asyncio.run(main())
