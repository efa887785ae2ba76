import asyncio
from collections import defaultdict


async def worker(name, jobs, done):
    for j in jobs:
        await asyncio.sleep(0.1 * j)
        done[name].append(j)


async def main():
    done = defaultdict(list)
    await asyncio.gather(worker("a", [1, 2], done), worker("b", [2, 1, 1], done))
    print(done)
    print(dict(done), sorted(done), done["missing"], len(done))
    counts = defaultdict(int)
    for word in "the cat and the hat and the bat".split():
        counts[word] += 1
    print(counts, counts.default_factory, type(counts).__name__)
    nested = defaultdict(lambda: defaultdict(set))
    nested["x"]["y"].add(1)
    print(dict(nested["x"]), isinstance(nested, dict))
    plain = defaultdict(None)
    try:
        plain["k"]
    except KeyError as e:
        print("KeyError", e)


asyncio.run(main())
