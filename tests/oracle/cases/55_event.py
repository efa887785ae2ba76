import asyncio


async def waiter(event, name):
    print(name, "waiting")
    await event.wait()
    print(name, "woke up")


async def main():
    event = asyncio.Event()
    tasks = [asyncio.create_task(waiter(event, f"w{i}")) for i in range(3)]
    await asyncio.sleep(0.2)
    print("setting, is_set =", event.is_set())
    event.set()
    print("set, is_set =", event.is_set())
    await asyncio.gather(*tasks)
    await event.wait()
    print("waiting on a set event returns at once")
    event.clear()
    print("cleared, is_set =", event.is_set())
    late = asyncio.create_task(waiter(event, "late"))
    asyncio.get_running_loop().call_later(0.3, event.set)
    await late


asyncio.run(main())
