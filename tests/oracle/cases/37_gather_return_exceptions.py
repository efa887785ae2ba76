import asyncio


async def value(v):
    await asyncio.sleep(0.1)
    return v


async def boom(msg):
    await asyncio.sleep(0.05)
    raise ValueError(msg)


async def main():
    results = await asyncio.gather(value(1), boom("x"), value(3), boom("y"), return_exceptions=True)
    for r in results:
        if isinstance(r, Exception):
            print("exception", repr(r))
        else:
            print("value", r)


asyncio.run(main())
