import asyncio


async def compute(x):
    await asyncio.sleep(0.1)
    return x * 10


def on_error(loop, context):
    print("handler:", context["message"], type(context.get("exception")).__name__)


def bad_callback():
    raise KeyError("lost")


async def main():
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(on_error)
    loop.call_soon(bad_callback)
    await asyncio.sleep(0)
    barrier = asyncio.Barrier(3)

    async def phase(n):
        print("before", n)
        i = await barrier.wait()
        print("after", n, i)

    await asyncio.gather(*(phase(n) for n in range(3)))
    return await compute(4)


with asyncio.Runner() as runner:
    print(runner.run(compute(1)))
    print(runner.run(main()))
    print(runner.get_loop().is_closed())
try:
    asyncio.current_task()
except RuntimeError as e:
    print("RuntimeError:", e)
