import asyncio


def report(fut):
    print("callback sees", fut.result())


def second(fut):
    print("second callback, done =", fut.done())


async def resolver(fut):
    await asyncio.sleep(0.1)
    fut.set_result("ready")
    print("resolver set the result; callbacks are only queued")
    await asyncio.sleep(0)
    print("resolver after one hop")


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    fut.add_done_callback(report)
    fut.add_done_callback(second)
    asyncio.create_task(resolver(fut))
    value = await fut
    print("main got", value)
    fut.add_done_callback(lambda f: print("late callback on a done future"))
    print("late callback added")
    await asyncio.sleep(0)
    print("main done")


asyncio.run(main())
