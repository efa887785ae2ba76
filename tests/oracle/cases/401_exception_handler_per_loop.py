import asyncio

reports = []


def collect(loop, context):
    reports.append((context["message"].split(" at ")[0], str(context["exception"])))


def boom(n):
    raise ValueError(n)


async def first():
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(collect)
    loop.call_soon(boom, 1)
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    return loop.get_exception_handler() is collect


async def second():
    loop = asyncio.get_running_loop()
    return loop.get_exception_handler()


with asyncio.Runner() as runner:
    print("first run, handler set:", runner.run(first()))
    print("second run on the same loop keeps it:", runner.run(second()) is collect)
print("a new asyncio.run loop has none:", asyncio.run(second()))
print(reports)
