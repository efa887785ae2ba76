import asyncio


class Pipeline:
    def __init__(self, workers):
        self.queue = asyncio.Queue()
        self.results = []
        self.workers = workers

    async def worker(self, wid):
        while True:
            item = await self.queue.get()
            await asyncio.sleep(item / 10)
            self.results.append((wid, item))
            self.queue.task_done()

    async def run(self, items):
        for i in items:
            self.queue.put_nowait(i)
        tasks = [asyncio.create_task(self.worker(w), name=f"w{w}") for w in range(self.workers)]
        await self.queue.join()
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        return self.results


print(asyncio.run(Pipeline(2).run([3, 1, 2, 5])))
