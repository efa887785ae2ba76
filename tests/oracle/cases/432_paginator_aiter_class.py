import asyncio


class Paginator:
    """Iterates over pages of a fake API with `async for`."""

    def __init__(self, total: int, page_size: int):
        self.total = total
        self.page_size = page_size
        self.requests = 0

    def __aiter__(self):
        self._next = 0
        return self

    async def __anext__(self) -> list[int]:
        if self._next >= self.total:
            raise StopAsyncIteration
        self.requests += 1
        await asyncio.sleep(0.1)
        page = list(range(self._next, min(self._next + self.page_size, self.total)))
        self._next += self.page_size
        return page


class Countdown:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n

    def __len__(self):
        return self.n


async def main():
    pages = Paginator(total=10, page_size=4)
    async for page in pages:
        print(asyncio.get_running_loop().time(), page)
    print("requests:", pages.requests)
    items = [x async for page in Paginator(5, 2) for x in page]
    print(items)
    cd = Countdown(3)
    print(len(cd), list(cd), len(cd))


asyncio.run(main())
