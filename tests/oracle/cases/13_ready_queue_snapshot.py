import asyncio


def late(label):
    print("late", label)


def first(loop):
    print("first schedules late callbacks")
    loop.call_soon(late, 1)
    loop.call_soon(late, 2)


def second():
    print("second runs before any late callback")


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(first, loop)
    loop.call_soon(second)
    await asyncio.sleep(0)
    print("main after one hop")
    await asyncio.sleep(0)
    print("main after two hops")


asyncio.run(main())
