import asyncio


async def helper(d):
    await asyncio.sleep(d)
    return d


async def worker(n):
    print("worker sees itself:", asyncio.current_task())
    await helper(0.1)
    await asyncio.sleep(0.1)
    return n * 2


async def waiter(ev, q):
    await ev.wait()
    item = await q.get()
    return item


async def failing():
    await asyncio.sleep(0.05)
    raise ValueError("boom")


def show(label, task):
    print(label, task)


async def main():
    t = asyncio.create_task(worker(1))
    show("created:", t)
    await asyncio.sleep(0)
    show("in helper:", t)
    await asyncio.sleep(0.15)
    show("in worker:", repr(t))
    await t
    show("done:", t)

    ev, q = asyncio.Event(), asyncio.Queue()
    w = asyncio.create_task(waiter(ev, q), name="waiter")
    await asyncio.sleep(0)
    show("on event:", w)
    ev.set()
    await asyncio.sleep(0)
    show("on queue:", w)
    w.cancel()
    show("cancel requested:", w)
    try:
        await w
    except asyncio.CancelledError:
        pass
    show("cancelled:", w)

    f = asyncio.create_task(failing())
    outer = asyncio.create_task(asyncio.wait_for(f, 1))
    await asyncio.sleep(0.01)
    show("failing:", f)
    try:
        await outer
    except ValueError:
        pass
    show("failed:", f)
    print([t, w])
    print(f"{t!r:.40}")


asyncio.run(main())
