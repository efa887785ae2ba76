import asyncio
import contextvars

request_id = contextvars.ContextVar("request_id", default="none")


def blocking_work(n):
    return f"{request_id.get()} computed {n * n}"


async def sub():
    request_id.set("set-in-sub")
    return request_id.get()


async def handler(rid):
    request_id.set(rid)
    result = await asyncio.to_thread(blocking_work, 3)
    inner = await asyncio.create_task(sub())
    awaited = await sub()
    return result, inner, awaited, request_id.get()


async def main():
    print(await asyncio.gather(handler("a"), handler("b")))
    ctx = contextvars.copy_context()
    t = asyncio.create_task(sub(), context=ctx)
    print(await t, ctx.get(request_id), request_id.get())
    t2 = asyncio.create_task(sub())
    print(await t2, request_id.get())
    await asyncio.sleep(0)


asyncio.run(main())
