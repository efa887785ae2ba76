import asyncio


class Service:
    def __init__(self, name: str, period: float):
        self.name = name
        self.period = period
        self.ticks = 0
        self._stopping = asyncio.Event()

    async def run(self):
        try:
            while not self._stopping.is_set():
                self.ticks += 1
                print(f"{self.name} tick {self.ticks}")
                try:
                    await asyncio.wait_for(self._stopping.wait(), timeout=self.period)
                except TimeoutError:
                    pass
            print(f"{self.name} stopped cleanly")
        except asyncio.CancelledError:
            print(f"{self.name} cancelled while busy; cleaning up")
            await asyncio.sleep(0.05)
            print(f"{self.name} cleanup done")
            raise

    def stop(self):
        self._stopping.set()


async def main():
    polite = Service("poller", 0.3)
    stubborn = Service("uploader", 10)
    tasks = {asyncio.create_task(s.run(), name=s.name): s for s in (polite, stubborn)}
    await asyncio.sleep(1)
    print("shutdown requested")
    for s in tasks.values():
        s.stop()
    done, pending = await asyncio.wait(tasks, timeout=0.1)
    print("finished:", sorted(t.get_name() for t in done), "pending:", len(pending))
    for t in pending:
        t.cancel()
    results = await asyncio.gather(*pending, return_exceptions=True)
    print("results:", [type(r).__name__ for r in results])
    print({s.name: s.ticks for s in tasks.values()})


asyncio.run(main())
