import asyncio


async def fetch(name, delay):
    await asyncio.sleep(delay)
    print(f"{name} done at {asyncio.get_running_loop().time():.2f}")
    return name.upper()


async def first():
    results = await asyncio.gather(fetch("a", 0.2), fetch("b", 0.1))
    return results


async def second(prefix):
    loop = asyncio.get_running_loop()
    t = loop.create_task(fetch(prefix + "-x", 0.05))
    return await t


with asyncio.Runner() as runner:
    loop = runner.get_loop()
    print("same loop:", runner.get_loop() is loop, "running:", loop.is_running())
    print("first:", runner.run(first()))
    print("second:", runner.run(second("s")))
    print("closed inside with:", loop.is_closed())
print("closed after with:", loop.is_closed())
