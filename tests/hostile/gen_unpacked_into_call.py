# A generator expression unpacked into a call once recursed without end
# (a generator is its own iterator) and overflowed the stack.
import asyncio


async def work(i):
    return i


async def main():
    print(await asyncio.gather(*(work(i) for i in range(3))))


asyncio.run(main())
