import asyncio


async def polite(name):
    for i in range(3):
        print(f"{name} step {i}")
        await asyncio.sleep(0)


async def greedy():
    for i in range(3):
        print(f"greedy step {i}")
    print("greedy done")


async def main():
    await asyncio.gather(polite("A"), polite("B"), greedy())


asyncio.run(main())
