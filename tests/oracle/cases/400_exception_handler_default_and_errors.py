import asyncio


def broken_handler(loop, context):
    print("broken handler sees:", context["message"])
    raise RuntimeError("handler itself failed")


def fail():
    raise ZeroDivisionError("in callback")


async def main():
    loop = asyncio.get_running_loop()
    try:
        loop.set_exception_handler(42)
    except TypeError as e:
        print("TypeError:", e)
    loop.set_exception_handler(broken_handler)
    loop.call_soon(fail)
    await asyncio.sleep(0.1)
    print("loop survived the handler's error")
    loop.set_exception_handler(None)
    print("handler now:", loop.get_exception_handler())
    loop.call_soon(fail)
    await asyncio.sleep(0.1)
    loop.default_exception_handler({"message": "printed on stderr"})
    print("done")


asyncio.run(main())
