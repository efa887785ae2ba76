import asyncio


async def validate(value):
    if value < 0:
        raise ValueError(f"negative: {value}")
    await asyncio.sleep(0.1)
    return value


async def main():
    asyncio.get_running_loop().set_task_factory(asyncio.eager_task_factory)
    tasks = [asyncio.create_task(validate(v)) for v in (3, -1, 2, -5)]
    print("done right away:", [t.done() for t in tasks])
    for t in tasks:
        if t.done():
            print("failed early:", repr(t.exception()))
    results = await asyncio.gather(*tasks, return_exceptions=True)
    print(results)
    try:
        await asyncio.create_task(validate(-7))
    except ValueError as e:
        print("awaiting it raises:", e)
    print("all tasks now:", len(asyncio.all_tasks()))


asyncio.run(main())
