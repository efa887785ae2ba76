import asyncio
import itertools
import time
from collections import Counter, namedtuple

Result = namedtuple("Result", ["host", "status", "ms"])


async def probe(host: str, i: int) -> Result:
    delay = 0.05 * (1 + i % 3)
    await asyncio.sleep(delay)
    status = "up" if i % 4 else "down"
    return Result(host, status, int(delay * 1000))


async def main():
    hosts = [f"h{i}" for i in range(10)]
    results = []
    for batch in itertools.batched(enumerate(hosts), 4):
        results += await asyncio.gather(*(probe(h, i) for i, h in batch))
        print(time.strftime("%H:%M:%S", time.gmtime(time.time())), "batch of", len(batch))
    by_status = {k: [r.host for r in g] for k, g in itertools.groupby(sorted(results, key=lambda r: r.status), key=lambda r: r.status)}
    print(by_status)
    print(Counter(r.ms for r in results).most_common(2))
    print(results[0], results[0]._replace(ms=0), results[0]._asdict())
    print(list(itertools.accumulate(r.ms for r in results[:4])))


asyncio.run(main())
