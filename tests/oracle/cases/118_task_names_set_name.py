import asyncio


async def work(n):
    await asyncio.sleep(0.1 * n)
    return asyncio.current_task().get_name()


async def main():
    print(asyncio.current_task().get_name())
    a = asyncio.create_task(work(1))
    b = asyncio.create_task(work(2), name="custom")
    c = asyncio.ensure_future(work(1))
    print(a.get_name(), b.get_name(), c.get_name())
    a.set_name("renamed")
    c.set_name(42)
    print(await asyncio.gather(a, b, c))
    g = asyncio.gather(work(0), work(0))
    print(await g)
    d = asyncio.create_task(work(0))
    print(d.get_name())
    await d
    print(len(asyncio.all_tasks()))
    fut = asyncio.get_running_loop().create_future()
    print(repr(fut), str(fut))
    fut.cancel()
    print(fut)


asyncio.run(main())
