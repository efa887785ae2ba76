import asyncio


async def job(seconds):
    await asyncio.sleep(seconds)
    return seconds


async def main():
    loop = asyncio.get_running_loop()
    tasks = [asyncio.create_task(job(s)) for s in [0.1, 0.5, 0.2]]
    done, pending = await asyncio.wait(tasks, timeout=0.25, return_when=asyncio.ALL_COMPLETED)
    print("at", loop.time(), "done", sorted(t.result() for t in done), "pending", len(pending))
    done, pending = await asyncio.wait(pending, timeout=1)
    print("at", loop.time(), "done", [t.result() for t in done], "pending", len(pending))


asyncio.run(main())
