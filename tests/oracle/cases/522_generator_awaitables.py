import asyncio, types

@types.coroutine
def switch():
    yield

class Countdown:
    def __init__(self, n):
        self.n = n
    def __await__(self):
        while self.n:
            yield from asyncio.sleep(0.1).__await__()
            self.n -= 1
        return "liftoff"

class Wait:
    def __init__(self, fut):
        self.fut = fut
    def __await__(self):
        r = yield from self.fut
        return r * 2

def inner():
    yield from asyncio.sleep(0.05).__await__()
    return 7

class Nested:
    def __await__(self):
        x = yield from inner()
        yield
        return x + 1

async def ticker(name, n):
    for i in range(n):
        print(name, i)
        await switch()

class Bad:
    def __init__(self, v):
        self.v = v
    def __await__(self):
        yield self.v

async def main():
    print(await Countdown(2))
    await asyncio.gather(ticker("a", 3), ticker("b", 3))
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_later(0.2, fut.set_result, 21)
    print(await Wait(fut))
    print(await Nested())
    print(await asyncio.gather(Countdown(1), Nested(), switch()))
    t = asyncio.ensure_future(Countdown(3))
    print(t.get_coro().__qualname__ if hasattr(t.get_coro(), "__qualname__") else t)
    print(await t)
    for v in [42, "x", loop.create_future()]:
        try:
            await Bad(v)
        except RuntimeError as e:
            print(str(e)[:60])
    try:
        def plain():
            yield
        await plain()
    except TypeError as e:
        print(e)

asyncio.run(main())
