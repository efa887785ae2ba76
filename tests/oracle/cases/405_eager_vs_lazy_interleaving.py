import asyncio


async def worker(name, steps):
    for i in range(steps):
        print(f"{name} step {i}")
        await asyncio.sleep(0)
    return name


async def run(label):
    print("--", label)
    a = asyncio.create_task(worker("a", 2))
    print("created a")
    b = asyncio.create_task(worker("b", 1))
    print("created b")
    c = asyncio.create_task(worker("c", 0))
    print("created c, done:", c.done())
    print(await asyncio.gather(a, b, c))


async def main():
    await run("lazy (default)")
    asyncio.get_running_loop().set_task_factory(asyncio.eager_task_factory)
    await run("eager")


asyncio.run(main())
