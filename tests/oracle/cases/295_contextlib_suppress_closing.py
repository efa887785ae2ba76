import asyncio
from contextlib import suppress, closing, aclosing


with suppress(KeyError, IndexError):
    [][3]
print("IndexError suppressed")
try:
    with suppress(KeyError):
        int("x")
except ValueError as e:
    print("ValueError not suppressed:", e)


def lines():
    try:
        yield "one"
        yield "two"
    finally:
        print("lines closed")


with closing(lines()) as g:
    print(next(g))
print("after closing")


async def rows():
    try:
        for i in range(5):
            await asyncio.sleep(0.1)
            yield i
    finally:
        print("rows closed")


async def main():
    async with aclosing(rows()) as r:
        async for x in r:
            print("row", x)
            if x == 1:
                break
    print("after aclosing")


asyncio.run(main())
