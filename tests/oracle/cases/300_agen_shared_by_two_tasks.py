import asyncio


async def feed():
    for i in range(3):
        await asyncio.sleep(0.1)
        yield i


async def reader(name, agen):
    try:
        value = await agen.__anext__()
        print(name, "read", value)
    except RuntimeError as e:
        print(name, "RuntimeError:", e)


async def main():
    agen = feed()
    await asyncio.gather(reader("first", agen), reader("second", agen))
    print("next one:", await agen.__anext__())
    await agen.aclose()


asyncio.run(main())
