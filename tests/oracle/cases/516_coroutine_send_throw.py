import asyncio
import time


def show(label, f):
    try:
        print(label, repr(f()))
    except BaseException as e:
        print(label, type(e).__name__, e)


async def add(a, b):
    return a + b


async def two_steps():
    print("  step 1")
    await asyncio.sleep(0)
    print("  step 2")
    await asyncio.sleep(0)
    return "two"


async def guarded():
    try:
        await asyncio.sleep(0)
    except ValueError as e:
        print("  caught", e)
        return "recovered"
    finally:
        print("  finally")


async def stubborn():
    while True:
        try:
            await asyncio.sleep(0)
        except GeneratorExit:
            print("  ignoring GeneratorExit")


async def echo():
    got = None
    while True:
        try:
            await asyncio.sleep(0)
        except GeneratorExit:
            print("  closed")
            raise


def run_by_hand(coro):
    steps = 0
    while True:
        try:
            coro.send(None)
        except StopIteration as e:
            return steps, e.value
        steps += 1


c = add(1, 2)
try:
    c.send(None)
except StopIteration as e:
    print("add result", e.value, e.args)
show("again", lambda: c.send(None))

print("two_steps", run_by_hand(two_steps()))

c = two_steps()
show("non-None first", lambda: c.send(1))
c.close()

c = guarded()
print("first send", c.send(None))
show("throw", lambda: c.throw(ValueError("boom")))

c = guarded()
c.send(None)
show("throw class", lambda: c.throw(KeyError))

c = add(1, 2)
show("throw before start", lambda: c.throw(RuntimeError("early")))
show("then send", lambda: c.send(None))

c = stubborn()
c.send(None)
show("close stubborn", lambda: c.close())
show("kill stubborn", lambda: c.throw(KeyError("k")))

c = echo()
c.send(None)
show("close echo", lambda: c.close())
show("close twice", lambda: c.close())

c = add(1, 2)
show("send args", lambda: c.send())
show("throw not exc", lambda: c.throw(5))
show("close args", lambda: c.close(1))
c.close()

async def returns_on_close():
    try:
        await asyncio.sleep(0)
    except GeneratorExit:
        print("  returning instead")
        return "ignored value"

c = returns_on_close()
c.send(None)
show("close that returns", lambda: c.close())
c = add(1, 2)
show("send kw", lambda: c.send(x=1))
show("throw kw", lambda: c.throw(x=1))
show("close kw", lambda: c.close(x=1))
c.close()

c = add(1, 2)
print("send is bound", c.send.__name__ if hasattr(c.send, "__name__") else "?")
c.close()


async def sends_itself():
    me.send(None)

me = sends_itself()
show("self send", lambda: me.send(None))


async def sleeper():
    await asyncio.sleep(1)


async def event_waiter(e):
    await e.wait()


async def getter(q):
    return await q.get()


# With no loop running, what needs the loop fails as in CPython.
c = sleeper()
show("sleep with no loop", lambda: c.send(None))
c = event_waiter(asyncio.Event())
show("event with no loop", lambda: c.send(None))
c = getter(asyncio.Queue())
show("queue with no loop", lambda: c.send(None))


async def closes_when_dropped(name):
    try:
        await asyncio.sleep(0)
    finally:
        print("  closed", name)


def scope():
    local = closes_when_dropped("when its function returns")
    local.send(None)
    print("leaving scope")


scope()
print("after scope")


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()

    async def waits():
        v = await fut
        return v * 2

    c = waits()
    yielded = c.send(None)
    print("yielded the future", yielded is fut)
    show("resend pending", lambda: c.send(None))

    fut = loop.create_future()
    c = waits()
    c.send(None)
    fut.set_result(21)
    try:
        c.send(None)
    except StopIteration as e:
        print("result after set", e.value)

    async def stubborn_future():
        f = loop.create_future()
        try:
            await f
        except GeneratorExit:
            await loop.create_future()

    c = stubborn_future()
    c.send(None)
    show("close while awaiting", lambda: c.close())
    show("then throw", lambda: c.throw(KeyError("end")))

    print("steps in a task", run_by_hand(two_steps()))
    fut = loop.create_future()
    c = waits()
    c.send(None)
    fut.cancel("stop")
    show("cancelled", lambda: c.send(None))
    task = asyncio.create_task(add(2, 3))
    print("task still works", await task)


asyncio.run(main())
