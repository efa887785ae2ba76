import asyncio

kept = []


async def stream(name):
    try:
        for i in range(10):
            await asyncio.sleep(0.1)
            yield i
    finally:
        print(name, "cleanup begins")
        await asyncio.sleep(0.05)
        print(name, "cleanup done")


async def main():
    s = stream("kept")
    kept.append(s)
    async for x in s:
        print("got", x)
        if x == 1:
            break
    print("main returns")


asyncio.run(main())
print("after asyncio.run")
