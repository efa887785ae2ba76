import asyncio

created = []


def logging_factory(loop, coro, **kwargs):
    task = asyncio.Task(coro, loop=loop, **kwargs)
    created.append(task.get_name())
    print("factory made", task.get_name(), "kwargs:", sorted(kwargs))
    return task


def eager_logging_factory(loop, coro, **kwargs):
    print("eager factory for", coro.__name__)
    return asyncio.eager_task_factory(loop, coro, **kwargs)


async def job(n):
    print("job", n, "step 1")
    await asyncio.sleep(0.1 * n)
    print("job", n, "step 2")
    return n


async def main():
    loop = asyncio.get_running_loop()
    loop.set_task_factory(logging_factory)
    t = asyncio.create_task(job(1), name="named")
    print("name after factory:", t.get_name())
    print(await t)
    loop.set_task_factory(eager_logging_factory)
    t2 = loop.create_task(job(2))
    print("created t2")
    print(await t2)
    loop.set_task_factory(asyncio.create_eager_task_factory(asyncio.Task))
    print(await asyncio.create_task(job(0)))
    loop.set_task_factory(None)
    print(loop.get_task_factory())
    try:
        loop.set_task_factory(5)
    except TypeError as e:
        print("TypeError:", e)
    print(created)


asyncio.run(main())


def naming_factory(loop, coro, **kwargs):
    print("factory for", coro.__name__)
    return asyncio.Task(coro, loop=loop, **kwargs)


async def group_work(n):
    await asyncio.sleep(0.1 * n)
    if n == 2:
        raise KeyError(n)
    return n


async def with_group():
    asyncio.get_running_loop().set_task_factory(naming_factory)
    try:
        async with asyncio.TaskGroup() as tg:
            first = tg.create_task(group_work(1), name="first")
            tg.create_task(group_work(2))
            tg.create_task(group_work(3))
    except* KeyError as eg:
        print("group:", repr(eg.exceptions))
    print(first.get_name(), first.result())


# asyncio.run's shutdown wraps its own coroutines with the factory too.
asyncio.run(with_group())
