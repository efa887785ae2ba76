import asyncio


async def inner():
    return "inner"


async def main():
    loop = asyncio.get_running_loop()
    attempts = [
        ("run_until_complete", lambda c: loop.run_until_complete(c)),
        ("asyncio.run", lambda c: asyncio.run(c)),
        ("Runner.run", lambda c: asyncio.Runner().run(c)),
    ]
    for name, attempt in attempts:
        coro = inner()
        try:
            attempt(coro)
        except RuntimeError as e:
            print(name, "->", e)
        finally:
            coro.close()
    for name, call in [("run_forever", loop.run_forever), ("close", loop.close)]:
        try:
            call()
        except RuntimeError as e:
            print(name, "->", e)
    print("still running:", loop.is_running(), "closed:", loop.is_closed())
    print(await inner())


asyncio.run(main())
