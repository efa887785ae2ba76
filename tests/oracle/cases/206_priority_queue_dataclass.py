import asyncio
from dataclasses import dataclass, field


@dataclass(order=True)
class Job:
    priority: int
    name: str = field(compare=False)


async def producer(q):
    for p, n in [(3, "low"), (1, "urgent"), (2, "normal"), (1, "urgent-2")]:
        await q.put(Job(p, n))
        await asyncio.sleep(0.1)


async def consumer(q):
    await asyncio.sleep(1)
    while not q.empty():
        job = await q.get()
        print(job)
        q.task_done()


async def main():
    q = asyncio.PriorityQueue()
    await asyncio.gather(producer(q), consumer(q))


asyncio.run(main())
