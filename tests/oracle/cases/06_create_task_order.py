import asyncio


async def worker(name):
    print(f"{name} first step")
    await asyncio.sleep(0)
    print(f"{name} second step")


async def main():
    tasks = [asyncio.create_task(worker(n)) for n in ["c", "a", "b"]]
    print("main created", len(tasks), "tasks; none has run yet")
    for t in tasks:
        await t
    print("main done")


asyncio.run(main())
