import asyncio


class Worker:
    def __init__(self, name, delay):
        self.name = name
        self.delay = delay
        self.done = []

    async def run(self, jobs):
        for job in jobs:
            await asyncio.sleep(self.delay)
            self.done.append(job)
            print(f"{self.name} finished {job}")
        return len(self.done)


async def main():
    a = Worker("a", 0.5)
    b = Worker("b", 0.3)
    ta = asyncio.create_task(a.run([1, 2]), name="A")
    tb = asyncio.create_task(b.run([3, 4, 5]), name="B")
    print(ta)
    await asyncio.sleep(0)
    print(tb)
    results = await asyncio.gather(ta, tb)
    print(results, a.done, b.done)
    print(ta)


asyncio.run(main())
