import asyncio


async def step(n):
    await asyncio.sleep(0.1)
    print("step", n)
    if n == 2:
        raise ValueError(f"step {n} failed")


async def main():
    for n in range(5):
        await step(n)


asyncio.run(main())
print("not reached")
