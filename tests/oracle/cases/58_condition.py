import asyncio

items = []


async def consumer(cond, name):
    async with cond:
        await cond.wait_for(lambda: len(items) > 0)
        item = items.pop(0)
        print(name, "took", item)


async def main():
    cond = asyncio.Condition()
    tasks = [asyncio.create_task(consumer(cond, f"c{i}")) for i in range(3)]
    await asyncio.sleep(0.1)
    async with cond:
        items.append("first")
        cond.notify(1)
        print("notified one")
    await asyncio.sleep(0.1)
    async with cond:
        items.extend(["second", "third"])
        cond.notify_all()
        print("notified all")
    await asyncio.gather(*tasks)
    try:
        cond.notify()
    except RuntimeError as e:
        print("RuntimeError:", e)


asyncio.run(main())
