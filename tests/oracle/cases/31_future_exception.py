import asyncio


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_later(0.2, fut.set_exception, ValueError("bad value"))
    try:
        await fut
    except ValueError as e:
        print("caught", repr(e))
    print("done", fut.done(), "cancelled", fut.cancelled())
    print("exception()", repr(fut.exception()))
    try:
        fut.result()
    except ValueError as e:
        print("result() raises", e)
    try:
        fut.set_result(1)
    except asyncio.InvalidStateError as e:
        print("InvalidStateError:", e)


asyncio.run(main())
