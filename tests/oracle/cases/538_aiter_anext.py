import asyncio
async def gen(n):
    for i in range(n):
        await asyncio.sleep(0.1)
        yield i
class Counter:
    def __init__(self): self.i = 0
    def __aiter__(self): return self
    async def __anext__(self):
        self.i += 1
        if self.i > 2:
            raise StopAsyncIteration
        return self.i
async def main():
    g = gen(2)
    print(await anext(g, "none"), await anext(g, "none"), await anext(g, "none"), await anext(g, "none"))
    it = aiter(Counter())
    print(await anext(it), await anext(it))
    try:
        await anext(it)
    except StopAsyncIteration:
        print("stop")
    g2 = gen(1)
    print(await anext(g2))
    try:
        await anext(g2)
    except StopAsyncIteration:
        print("stop2")
    for bad in (1, [1]):
        try:
            anext(bad)
        except TypeError as e:
            print(e)
        try:
            aiter(bad)
        except TypeError as e:
            print(e)
asyncio.run(main())
