import asyncio


def direct(loop):
    print("direct timer at 0.3 sees", repr(loop.time()))


async def stepper(loop):
    for i in range(3):
        await asyncio.sleep(0.1)
        print("step", i, repr(loop.time()))


async def main():
    loop = asyncio.get_running_loop()
    loop.call_at(loop.time() + 0.3, direct, loop)
    await stepper(loop)
    await asyncio.sleep(0.1)
    print("then", repr(loop.time()))
    print(0.1 + 0.2, 0.1 + 0.2 == 0.3)


asyncio.run(main())
