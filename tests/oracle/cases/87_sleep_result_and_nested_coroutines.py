import asyncio


async def leaf(n):
    value = await asyncio.sleep(0.1, result=n * 2)
    return value


async def middle(n):
    a = await leaf(n)
    b = await leaf(n + 1)
    return a + b


async def top():
    print("top starts")
    total = await middle(1) + await middle(10)
    print("top total", total)
    return total


async def main():
    r = await top()
    print("result", r, "at", asyncio.get_running_loop().time())
    coro = leaf(5)
    print("a coroutine object does nothing until awaited")
    print(await coro)


asyncio.run(main())
