import asyncio


async def check(n):
    if n == 3:
        raise ValueError("3 is invalid")
    print("checking", n)
    await asyncio.sleep(0.1 * n)
    print("checked", n)
    return n


async def main():
    asyncio.get_running_loop().set_task_factory(asyncio.eager_task_factory)
    tasks = []
    try:
        async with asyncio.TaskGroup() as tg:
            for n in range(1, 5):
                try:
                    tasks.append(tg.create_task(check(n)))
                except RuntimeError as e:
                    print("create_task", n, "refused:", str(e).endswith("is shutting down"))
            print("created", len(tasks), "tasks; done:", [t.done() for t in tasks])
    except* ValueError as eg:
        print("group failed:", [str(e) for e in eg.exceptions])
    print("cancelled:", [t.cancelled() for t in tasks])


asyncio.run(main())
