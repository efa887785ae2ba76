import asyncio


async def counter(name, n):
    for i in range(n):
        print(name, i)
        await asyncio.sleep(0)
    print(name, "finished")


async def main():
    await asyncio.gather(counter("A", 3), counter("B", 5), counter("C", 2))


asyncio.run(main())
