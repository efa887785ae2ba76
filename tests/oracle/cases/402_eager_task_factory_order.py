import asyncio


async def quick(name):
    print("quick", name, "runs")
    return name


async def slow(name):
    print("slow", name, "starts")
    await asyncio.sleep(0.1)
    print("slow", name, "ends")
    return name


async def bad():
    print("bad runs")
    raise ValueError("eager failure")


async def main():
    loop = asyncio.get_running_loop()
    print("factory:", loop.get_task_factory())
    t1 = asyncio.create_task(quick("a"))
    print("lazy task done right after create_task?", t1.done())
    await t1
    loop.set_task_factory(asyncio.eager_task_factory)
    print(loop.get_task_factory() is asyncio.eager_task_factory)
    t2 = asyncio.create_task(quick("b"))
    print("eager task done right after create_task?", t2.done(), t2.result())
    t3 = asyncio.create_task(slow("c"), name="slow-c")
    print("after creating slow:", t3.done(), t3.get_name())
    t4 = asyncio.create_task(bad())
    print("bad done:", t4.done(), repr(t4.exception()))
    print(await asyncio.gather(quick("d"), slow("e")))
    print(await t3)
    async with asyncio.TaskGroup() as tg:
        x = tg.create_task(quick("tg1"))
        y = tg.create_task(slow("tg2"))
        print("in group:", x.done(), y.done())
    print(x.result(), y.result())
    print("current inside eager:", await asyncio.create_task(cur()))


async def cur():
    return asyncio.current_task().get_name()


asyncio.run(main())
