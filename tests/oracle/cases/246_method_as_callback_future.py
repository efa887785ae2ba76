import asyncio


class Collector:
    def __init__(self):
        self.seen = []

    def on_done(self, fut):
        self.seen.append(fut.result())
        print("done:", fut.result())


async def work(n):
    await asyncio.sleep(n)
    return n * 10


async def main():
    c = Collector()
    tasks = [asyncio.create_task(work(n)) for n in (2, 1)]
    for t in tasks:
        t.add_done_callback(c.on_done)
    await asyncio.gather(*tasks)
    await asyncio.sleep(0)
    print(c.seen)


asyncio.run(main())
