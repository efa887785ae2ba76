import asyncio

runs = 0


async def once():
    global runs
    runs += 1
    await asyncio.sleep(0.1)
    return "shared"


async def main():
    t = asyncio.create_task(once())
    print(await asyncio.gather(t, t, t))
    print("the task ran", runs, "time(s)")
    coro = once()
    print(await asyncio.gather(coro, coro))
    print("the coroutine ran", runs - 1, "time(s)")


asyncio.run(main())
