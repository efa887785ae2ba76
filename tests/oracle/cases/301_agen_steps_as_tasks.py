import asyncio


async def numbers():
    for i in range(3):
        await asyncio.sleep(0.2)
        yield i * 10


async def main():
    agen = numbers()
    t = asyncio.ensure_future(agen.__anext__())
    print("task made:", isinstance(t, asyncio.Future))
    print(await t)
    print(await asyncio.wait_for(agen.__anext__(), timeout=1))
    results = await asyncio.gather(agen.asend(None), return_exceptions=True)
    print(results)
    results = await asyncio.gather(agen.asend(None), return_exceptions=True)
    print([type(r).__name__ for r in results])


asyncio.run(main())
