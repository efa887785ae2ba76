import asyncio
import contextvars
from contextvars import ContextVar, copy_context

request_id = ContextVar("request_id", default="-")
user = ContextVar("user")
depth: ContextVar[int] = ContextVar("depth", default=0)


def log(msg):
    print(f"[{request_id.get()}] {msg}")


async def db_query(q):
    log(f"query {q}")
    await asyncio.sleep(0.01)
    depth.set(depth.get() + 1)
    return q.upper()


async def handle(rid, delay):
    request_id.set(rid)
    log("start")
    await asyncio.sleep(delay)
    r = await db_query(f"select {rid}")
    log(f"done {r} depth={depth.get()}")
    return rid


async def child():
    log(f"child sees user={user.get('nobody')}")
    user.set("changed-in-child")
    return user.get()


async def main():
    log("main start")
    results = await asyncio.gather(handle("r1", 0.2), handle("r2", 0.1))
    print(results, request_id.get(), depth.get())
    token = user.set("alice")
    t = asyncio.create_task(child())
    print(await t, user.get())
    user.reset(token)
    print(user.get("unset"))
    try:
        user.get()
    except LookupError:
        print("LookupError")
    async with asyncio.TaskGroup() as tg:
        request_id.set("tg")
        a = tg.create_task(handle("g1", 0.05))
        request_id.set("main")
        b = tg.create_task(child())
    print(a.result(), b.result(), request_id.get())

    ctx = copy_context()
    request_id.set("after-copy")
    print(ctx.run(request_id.get), request_id.get(), ctx.get(request_id), ctx.get(user, "none"))

    def setter(v):
        request_id.set(v)
        return request_id.get()

    print(ctx.run(setter, "inside"), request_id.get(), ctx.run(request_id.get))
    print(sorted(v.name for v in ctx.keys()), ctx[request_id] if False else "skip")
    tok = request_id.set("x")
    request_id.reset(tok)
    try:
        request_id.reset(tok)
    except RuntimeError:
        print("RuntimeError used")
    tok2 = depth.set(5)
    try:
        request_id.reset(tok2)
    except ValueError:
        print("ValueError different var")
    print(request_id.name, depth.get(), tok2.var.name)
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_soon(lambda: fut.set_result(request_id.get()))
    print("callback saw", await fut)


request_id.set("module")
asyncio.run(main())
print(request_id.get())


async def callbacks():
    loop = asyncio.get_running_loop()
    seen = []
    request_id.set("before-soon")
    loop.call_soon(lambda: seen.append(request_id.get()))
    request_id.set("after-soon")
    ctx = copy_context()
    ctx.run(request_id.set, "in-ctx")
    loop.call_soon(lambda: seen.append(request_id.get()), context=ctx)
    loop.call_later(0.01, lambda: seen.append(request_id.get()))
    loop.call_soon(request_id.set, "set-by-callback", context=ctx)
    await asyncio.sleep(0.02)
    print(seen, ctx[request_id] if False else ctx.get(request_id), request_id.get())


asyncio.run(callbacks())
