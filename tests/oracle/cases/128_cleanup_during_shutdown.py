import asyncio


async def late():
    print("late task runs")
    await asyncio.sleep(0.1)
    print("late task done")


async def spawner():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("spawner cancelled, spawning late task")
        asyncio.create_task(late())
        raise


async def slow_cleanup(name, d):
    try:
        await asyncio.sleep(10)
    finally:
        print(name, "cleanup starts")
        await asyncio.sleep(d)
        print(name, "cleanup ends")


async def main1():
    asyncio.create_task(spawner())
    await asyncio.sleep(0.1)
    print("main1 returns")


async def main2():
    asyncio.create_task(slow_cleanup("s", 0.3))
    await asyncio.sleep(0.1)
    print("main2 returns")


asyncio.run(main1())
print("between runs")
asyncio.run(main2())
print("after runs")
