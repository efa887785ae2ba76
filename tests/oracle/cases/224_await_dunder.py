import asyncio


class Delayed:
    def __init__(self, value, delay):
        self.value = value
        self.delay = delay

    async def _wait(self):
        await asyncio.sleep(self.delay)
        return self.value

    def __await__(self):
        return self._wait().__await__()


async def main():
    print(await Delayed("a", 1))
    print(await asyncio.gather(Delayed(1, 0.5), Delayed(2, 0.2)))


asyncio.run(main())
