import asyncio


def named(tag):
    return lambda f: print("cb", tag, f.result())


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    a = named("a")
    b = named("b")
    fut.add_done_callback(a)
    fut.add_done_callback(b)
    fut.add_done_callback(a)
    print("removed", fut.remove_done_callback(a))
    print("removed again", fut.remove_done_callback(a))
    fut.add_done_callback(named("c"))
    loop.call_soon(print, "call_soon before set_result")
    fut.set_result(1)
    fut.add_done_callback(named("added after done"))
    loop.call_soon(print, "call_soon after set_result")
    print("set, nothing ran yet")
    await asyncio.sleep(0)
    print("after one hop")
    t = asyncio.create_task(asyncio.sleep(0.1, "slept"))
    t.add_done_callback(lambda f: print("task cb", f.result(), loop.time()))
    print(await t)
    await asyncio.sleep(0)
    print("after task cb")
    cancelled = loop.create_future()
    cancelled.add_done_callback(lambda f: print("cancelled cb", f.cancelled()))
    cancelled.cancel()
    await asyncio.sleep(0)
    try:
        fut.set_result(2)
    except asyncio.InvalidStateError as e:
        print("InvalidStateError:", e)


asyncio.run(main())
