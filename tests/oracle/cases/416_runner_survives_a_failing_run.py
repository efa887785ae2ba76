import asyncio


async def flaky(n):
    await asyncio.sleep(0.1)
    if n == 2:
        raise ValueError(f"attempt {n} failed")
    return f"attempt {n} ok"


with asyncio.Runner() as runner:
    for n in range(1, 4):
        try:
            print(runner.run(flaky(n)))
        except ValueError as e:
            print("run raised:", e)
    loop = runner.get_loop()
    task = loop.create_task(flaky(2))
    try:
        loop.run_until_complete(task)
    except ValueError as e:
        print("run_until_complete raised:", e, "| task done:", task.done())
    print("loop still open:", not loop.is_closed())
print("closed after with:", loop.is_closed())
