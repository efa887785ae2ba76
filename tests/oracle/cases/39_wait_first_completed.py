import asyncio


async def job(name, seconds):
    await asyncio.sleep(seconds)
    return name


async def main():
    tasks = [asyncio.create_task(job(n, s), name=n) for n, s in [("x", 0.3), ("y", 0.1), ("z", 0.2)]]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print("done", sorted(t.get_name() for t in done), "pending", sorted(t.get_name() for t in pending))
    done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
    print("done", sorted(t.get_name() for t in done), "pending", sorted(t.get_name() for t in pending))
    done, pending = await asyncio.wait(pending)
    print("done", [t.result() for t in done], "pending", len(pending))


asyncio.run(main())
