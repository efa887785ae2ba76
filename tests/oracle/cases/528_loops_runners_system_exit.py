import asyncio

async def coro(n):
    print("start", n)
    await asyncio.sleep(0.1 * n)
    return n

def sync_part():
    loop = asyncio.new_event_loop()
    try:
        r = loop.run_until_complete(coro(1))
        print("ruc", r)
    finally:
        loop.close()
    with asyncio.Runner() as runner:
        print(runner.run(coro(2)))
        print(runner.run(coro(1)))

async def eager_demo():
    loop = asyncio.get_running_loop()
    loop.set_task_factory(asyncio.eager_task_factory)
    async def quick():
        print("quick body")
        return 5
    t = asyncio.create_task(quick())
    print("after create", t.done())
    print(await t)

sync_part()
asyncio.run(eager_demo())
try:
    asyncio.run(coro(0))
    raise SystemExit(3)
except SystemExit as e:
    print("exit", e.code)
