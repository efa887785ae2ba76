import asyncio, types

@types.coroutine
def nap():
    got = yield
    return got

class Slow:
    def __await__(self):
        try:
            yield from asyncio.sleep(1).__await__()
        except asyncio.CancelledError:
            print("Slow cancelled")
            raise
        finally:
            print("Slow finally")
        return "never"

class Failing:
    def __await__(self):
        yield
        raise ValueError("inside await")

def level2():
    yield from asyncio.sleep(0.1).__await__()
    raise KeyError("deep")

class Deep:
    def __await__(self):
        try:
            return (yield from level2())
        except KeyError as e:
            print("caught", repr(e))
            return "recovered"

class StopIt:
    def __await__(self):
        yield
        raise StopIteration

async def main():
    print(await nap())
    t = asyncio.create_task(asyncio.wait_for(Slow(), 0.3))
    try:
        await t
    except TimeoutError:
        print("timeout")
    try:
        await Failing()
    except ValueError as e:
        print("failing:", e)
    print(await Deep())
    try:
        await StopIt()
    except RuntimeError as e:
        print("stopit:", e)
    order = []
    async def spin(name):
        for i in range(2):
            order.append(name)
            await nap()
    await asyncio.gather(spin("x"), spin("y"), asyncio.sleep(0))
    print(order)
    g = nap()
    print(type(g).__name__, asyncio.iscoroutine(g))
    await g
    async def victim():
        while True:
            await nap()
    v = asyncio.create_task(victim())
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    v.cancel()
    try:
        await v
    except asyncio.CancelledError:
        print("victim cancelled", v.cancelled())

asyncio.run(main())
