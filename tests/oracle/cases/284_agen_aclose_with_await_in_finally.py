import asyncio


async def connection():
    print("connect")
    try:
        while True:
            await asyncio.sleep(0.1)
            yield "row"
    finally:
        print("closing connection")
        await asyncio.sleep(0.3)
        print("connection closed")


async def main():
    conn = connection()
    print(await conn.__anext__())
    print(await conn.__anext__())
    loop = asyncio.get_running_loop()
    start = loop.time()
    await conn.aclose()
    print(f"aclose took {loop.time() - start:.1f}s")


asyncio.run(main())
