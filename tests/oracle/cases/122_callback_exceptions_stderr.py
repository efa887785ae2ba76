import asyncio


def raiser(tag):
    print("raising in", tag)
    raise ValueError(tag)


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(raiser, "soon")
    loop.call_soon(print, "after raiser")
    loop.call_later(0.1, raiser, "timer")
    loop.call_later(0.1, print, "timer after raiser")
    fut = loop.create_future()
    fut.add_done_callback(lambda f: raiser("done-callback"))
    fut.add_done_callback(lambda f: print("second done-callback"))
    fut.set_result(None)
    await asyncio.sleep(0.2)

    async def failing():
        await asyncio.sleep(0.1)
        raise RuntimeError("task failed")

    t = asyncio.create_task(failing())
    await asyncio.sleep(0.2)
    print("task done:", t.done(), repr(t.exception()))
    print("loop survives")


asyncio.run(main())
