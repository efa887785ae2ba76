import asyncio


async def show():
    me = asyncio.current_task()
    print("I am", me.get_name())
    await asyncio.sleep(0)
    me.set_name(me.get_name() + "-renamed")
    return me.get_name()


async def main():
    print("main is", asyncio.current_task().get_name())
    t1 = asyncio.create_task(show())
    t2 = asyncio.create_task(show(), name="custom")
    t3 = asyncio.create_task(show())
    print(await t1, await t2, await t3)
    print("pending tasks:", len(asyncio.all_tasks()))


asyncio.run(main())
