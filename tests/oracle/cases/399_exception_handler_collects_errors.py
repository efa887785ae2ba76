import asyncio

errors = []


def handler(loop, context):
    exc = context.get("exception")
    keys = sorted(k for k in context if k not in ("message", "exception"))
    print("handler:", context["message"], "|", repr(exc), "|", keys)
    errors.append(type(exc).__name__)


def bad_callback(x):
    print("callback runs with", x)
    raise ValueError(f"callback failed with {x}")


async def forever():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        raise RuntimeError("refused to stop")


async def main():
    loop = asyncio.get_running_loop()
    print(loop.get_exception_handler())
    loop.set_exception_handler(handler)
    print(loop.get_exception_handler() is handler)
    loop.call_soon(bad_callback, 1)
    loop.call_later(0.1, bad_callback, 2)
    await asyncio.sleep(0.2)
    loop.call_exception_handler({"message": "custom report", "exception": KeyError("k")})
    asyncio.create_task(forever())
    await asyncio.sleep(0.1)
    print("main done")


asyncio.run(main())
print(errors)
