import asyncio


async def sleeper(name):
    print(name, "sleeps 1 s")
    await asyncio.sleep(1)
    print(name, "woke")


async def main():
    names = ["third", "first", "second"]
    await asyncio.gather(*[sleeper(n) for n in names])


asyncio.run(main())
