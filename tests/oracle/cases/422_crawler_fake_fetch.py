import asyncio
import random

random.seed(7)

PAGES = {
    "/": ["/a", "/b", "/c"],
    "/a": ["/a/1", "/a/2", "/"],
    "/b": ["/b/1", "/missing"],
    "/c": [],
    "/a/1": ["/a/2"],
    "/a/2": [],
    "/b/1": ["/c"],
}


class FetchError(Exception):
    def __init__(self, url: str, status: int):
        super().__init__(f"{url} -> HTTP {status}")
        self.url = url
        self.status = status


async def fetch(url: str) -> list[str]:
    await asyncio.sleep(random.uniform(0.05, 0.3))
    if url not in PAGES:
        raise FetchError(url, 404)
    return PAGES[url]


class Crawler:
    def __init__(self, root: str, concurrency: int = 3):
        self.root = root
        self.seen: set[str] = {root}
        self.queue: asyncio.Queue[str] = asyncio.Queue()
        self.queue.put_nowait(root)
        self.sem = asyncio.Semaphore(concurrency)
        self.errors: list[FetchError] = []
        self.visited: list[str] = []

    async def worker(self):
        while True:
            url = await self.queue.get()
            try:
                async with self.sem:
                    links = await fetch(url)
                self.visited.append(url)
                for link in links:
                    if link not in self.seen:
                        self.seen.add(link)
                        await self.queue.put(link)
            except FetchError as e:
                self.errors.append(e)
            finally:
                self.queue.task_done()

    async def run(self):
        workers = [asyncio.create_task(self.worker()) for _ in range(3)]
        await self.queue.join()
        for w in workers:
            w.cancel()
        await asyncio.gather(*workers, return_exceptions=True)


async def main():
    c = Crawler("/")
    await c.run()
    print("visited", sorted(c.visited))
    for e in c.errors:
        print("error:", e, e.status, repr(e))


asyncio.run(main())
