import asyncio
from dataclasses import dataclass, field


@dataclass(order=True)
class Job:
    priority: int
    name: str = field(compare=False)
    cost: float = field(default=0.1, compare=False)


class WorkerPool:
    """A fixed number of workers pulling jobs from a priority queue."""

    def __init__(self, size: int):
        self.size = size
        self.queue: asyncio.PriorityQueue[Job] = asyncio.PriorityQueue()
        self.done: list[str] = []
        self._workers: list[asyncio.Task] = []

    async def _worker(self, n: int) -> None:
        while True:
            job = await self.queue.get()
            try:
                print(f"worker {n} starts {job.name} (p={job.priority})")
                await asyncio.sleep(job.cost)
                self.done.append(job.name)
            finally:
                self.queue.task_done()

    async def __aenter__(self):
        self._workers = [asyncio.create_task(self._worker(i), name=f"w{i}") for i in range(self.size)]
        return self

    async def __aexit__(self, exc_type, exc, tb):
        await self.queue.join()
        for w in self._workers:
            w.cancel()
        results = await asyncio.gather(*self._workers, return_exceptions=True)
        print("workers stopped:", [type(r).__name__ for r in results])
        return False

    def submit(self, job: Job) -> None:
        self.queue.put_nowait(job)


async def main():
    async with WorkerPool(2) as pool:
        for i, p in enumerate([5, 1, 3, 1, 2]):
            pool.submit(Job(p, f"job{i}", cost=0.1 * (i + 1)))
    print("order:", pool.done)
    print(Job(1, "a") < Job(2, "b"), Job(1, "a") == Job(1, "zzz"))


asyncio.run(main())
