import asyncio


async def job():
    await asyncio.sleep(0.1)
    print("job returns")
    return "r"


async def awaiter(t, name):
    r = await t
    print(name, "resumed with", r)


async def main():
    t = asyncio.create_task(job())
    t.add_done_callback(lambda f: print("cb1"))
    a1 = asyncio.create_task(awaiter(t, "a1"))
    await asyncio.sleep(0)
    t.add_done_callback(lambda f: print("cb2"))
    a2 = asyncio.create_task(awaiter(t, "a2"))
    await asyncio.sleep(0)
    t.add_done_callback(lambda f: print("cb3"))
    print("main awaits too")
    print("main resumed with", await t)
    await asyncio.gather(a1, a2)
    fut = asyncio.get_running_loop().create_future()
    w = asyncio.create_task(awaiter(fut, "w"))
    await asyncio.sleep(0)
    fut.add_done_callback(lambda f: print("fut cb"))
    asyncio.get_running_loop().call_soon(print, "call_soon before set")
    fut.set_result("v")
    asyncio.get_running_loop().call_soon(print, "call_soon after set")
    await w


asyncio.run(main())
