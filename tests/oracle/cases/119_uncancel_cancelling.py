import asyncio


async def stubborn():
    t = asyncio.current_task()
    for i in range(3):
        try:
            await asyncio.sleep(1)
        except asyncio.CancelledError:
            print("caught cancel", i, "cancelling", t.cancelling())
            print("uncancel ->", t.uncancel())
    return "survived"


async def main():
    t = asyncio.create_task(stubborn())
    await asyncio.sleep(0.1)
    print("cancel:", t.cancel())
    print("cancel twice:", t.cancel(), t.cancelling())
    await asyncio.sleep(0.1)
    t.cancel("with message")
    await asyncio.sleep(0.1)
    print(await t, t.cancelling())
    print("cancel done task:", t.cancel())

    async def msg():
        try:
            await asyncio.sleep(1)
        except asyncio.CancelledError as e:
            print("message:", e.args)
            raise

    m = asyncio.create_task(msg())
    await asyncio.sleep(0)
    m.cancel("stop now")
    try:
        await m
    except asyncio.CancelledError as e:
        print("outer sees", e.args)
    me = asyncio.current_task()
    print("main cancelling", me.cancelling(), me.uncancel(), me.cancelling())


asyncio.run(main())
