import asyncio


async def background(name):
    try:
        while True:
            await asyncio.sleep(0.1)
            print(name, "tick")
    except asyncio.CancelledError:
        print(name, "cancelled at shutdown")
        raise


async def start():
    asyncio.create_task(background("bg"))
    await asyncio.sleep(0.25)
    return "started"


async def again():
    await asyncio.sleep(0.1)
    print("tasks left:", sorted(t.get_name() for t in asyncio.all_tasks()))
    return "again"


with asyncio.Runner() as runner:
    print(runner.run(start()))
    print(runner.run(again()))
print("runner closed")
