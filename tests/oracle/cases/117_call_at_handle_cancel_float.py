import asyncio


def cb(name):
    loop = asyncio.get_running_loop()
    print("cb", name, loop.time())


async def main():
    loop = asyncio.get_running_loop()
    base = loop.time()
    h = loop.call_soon(cb, "soon-cancelled")
    loop.call_soon(cb, "soon")
    h.cancel()
    print("cancelled?", h.cancelled())
    loop.call_later(0.1, cb, "t1")
    h2 = loop.call_later(0.1, cb, "t2-cancelled-by-t1b")
    loop.call_later(0.1, lambda: (print("t1b"), h2.cancel()))
    loop.call_at(loop.time() + 0.1, cb, "t3")
    th = loop.call_later(0.5, cb, "never")
    print("when", th.when() - base)
    th.cancel()
    await asyncio.sleep(0.2)
    t = 0.0
    for i in range(10):
        t += 0.1
    print(t, t == 1.0, loop.time() - base)
    loop.call_at(base + t, cb, "sum")
    loop.call_at(base + 1.0, cb, "exact")
    loop.call_later(0.3 + 0.5 + 0.05, cb, "later")
    await asyncio.sleep(1)
    loop.call_at(base + 0.5, cb, "in the past")
    loop.call_later(-1, cb, "negative delay")
    loop.call_soon(cb, "soon after past")
    await asyncio.sleep(0)
    print("done", loop.time() - base)


asyncio.run(main())
