import asyncio


async def other():
    for i in range(3):
        print("other", i)
        await asyncio.sleep(0)


async def main():
    t = asyncio.create_task(other())
    await asyncio.sleep(-1)
    print("sleep(-1) is a single hop, like sleep(0)")
    await asyncio.sleep(0)
    print("main again")
    await t


asyncio.run(main())
