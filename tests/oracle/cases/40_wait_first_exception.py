import asyncio


async def job(name, seconds, fail=False):
    await asyncio.sleep(seconds)
    if fail:
        raise ValueError(name + " failed")
    print(name, "ok")
    return name


async def main():
    tasks = [
        asyncio.create_task(job("a", 0.1), name="a"),
        asyncio.create_task(job("b", 0.2, fail=True), name="b"),
        asyncio.create_task(job("c", 0.4), name="c"),
    ]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    print("done", sorted(t.get_name() for t in done), "pending", sorted(t.get_name() for t in pending))
    for t in sorted(done, key=lambda t: t.get_name()):
        if t.exception() is not None:
            print(t.get_name(), "raised", t.exception())
    for t in pending:
        t.cancel()
    done, pending = await asyncio.wait(pending)
    print("after cancel:", [t.cancelled() for t in done])


asyncio.run(main())
