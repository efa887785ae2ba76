import asyncio


async def self_cancel():
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    done.set_result("ready")
    me = asyncio.current_task()
    print("cancel self:", me.cancel(), me.cancelling())
    print("await done future still works:", await done)
    try:
        await asyncio.sleep(0.1)
        print("never")
    except asyncio.CancelledError:
        print("cancelled at", loop.time())
    print("cancelling after catch", me.cancelling())
    return "finished anyway"


async def main():
    loop = asyncio.get_running_loop()
    print(await asyncio.create_task(self_cancel()))
    fut = loop.create_future()
    try:
        fut.result()
    except asyncio.InvalidStateError as e:
        print("result:", e)
    try:
        fut.exception()
    except asyncio.InvalidStateError as e:
        print("exception:", e)
    fut.cancel("why")
    try:
        fut.result()
    except asyncio.CancelledError as e:
        print("cancelled result:", e.args)
    try:
        fut.exception()
    except asyncio.CancelledError:
        print("cancelled exception() raises too")
    t = asyncio.create_task(asyncio.sleep(1))
    await asyncio.sleep(0)
    t.cancel()
    await asyncio.sleep(0)
    print("task cancelled:", t.done(), t.cancelled())
    try:
        t.result()
    except asyncio.CancelledError:
        print("task result raises CancelledError")
    e = loop.create_future()
    e.set_exception(KeyError("k"))
    print(repr(e.exception()), e.done(), e.cancelled())
    try:
        e.result()
    except KeyError as err:
        print("result raises", repr(err))


asyncio.run(main())
