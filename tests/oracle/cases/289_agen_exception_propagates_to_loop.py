import asyncio


async def flaky():
    yield "ok"
    await asyncio.sleep(0.1)
    raise ValueError("lost")


async def main():
    try:
        async for v in flaky():
            print(v)
    except ValueError as e:
        print("caught", e)
    async for v in flaky():
        print("again", v)


asyncio.run(main())
