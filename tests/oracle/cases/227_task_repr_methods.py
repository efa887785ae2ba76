import asyncio


class Server:
    def __init__(self):
        self.hits = 0

    async def handle(self, n):
        await asyncio.sleep(n)
        self.hits += 1

    async def serve(self):
        tasks = [asyncio.create_task(self.handle(i)) for i in (1, 2)]
        await asyncio.sleep(0)
        for t in tasks:
            print(t)
        await asyncio.sleep(1.5)
        for t in tasks:
            print(t)
        await asyncio.gather(*tasks)
        print(self.hits)


asyncio.run(Server().serve())
