import asyncio


async def job(name, d, fail=False):
    await asyncio.sleep(d)
    if fail:
        raise KeyError(name)
    return name


async def main():
    loop = asyncio.get_running_loop()
    ts = [asyncio.create_task(job(n, d)) for n, d in [("a", 0.1), ("b", 0.5), ("c", 0.2)]]
    done, pending = await asyncio.wait(ts, timeout=0.25)
    print(loop.time(), sorted(t.result() for t in done), len(pending))
    print("pending not cancelled:", [t.cancelled() for t in pending])
    done, pending = await asyncio.wait(ts, timeout=0)
    print("timeout 0:", len(done), len(pending), loop.time())
    ts2 = [asyncio.create_task(job("x", 0.1, True)), asyncio.create_task(job("y", 0.3))]
    done, pending = await asyncio.wait(ts2, return_when=asyncio.FIRST_EXCEPTION, timeout=1)
    print("first exception:", loop.time(), len(done), len(pending))
    for t in done:
        print(repr(t.exception()))
    done, pending = await asyncio.wait(ts + ts2)
    print("all:", loop.time(), len(done), len(pending))
    try:
        await asyncio.wait([])
    except ValueError as e:
        print("ValueError:", e)


asyncio.run(main())
