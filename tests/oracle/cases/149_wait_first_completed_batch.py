import asyncio


async def job(name, d):
    await asyncio.sleep(d)
    return name


async def main():
    loop = asyncio.get_running_loop()
    ts = [asyncio.create_task(job(n, d)) for n, d in [("a", 0.2), ("b", 0.1), ("c", 0.1), ("d", 0.3)]]
    ts[0].add_done_callback(lambda t: print("cb a", t.result()))
    done, pending = await asyncio.wait(ts, return_when=asyncio.FIRST_COMPLETED)
    print(loop.time(), sorted(t.result() for t in done), len(pending))
    ts[3].add_done_callback(lambda t: print("cb d", t.result()))
    while pending:
        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        print(loop.time(), sorted(t.result() for t in done), len(pending))
    await asyncio.sleep(0)
    print("end")


asyncio.run(main())
