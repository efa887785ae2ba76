import asyncio


async def background(n):
    try:
        print("background", n, "waits")
        await asyncio.sleep(10)
    finally:
        print("background", n, "cancelled at shutdown")


async def main():
    for n in [3, 1, 2]:
        asyncio.create_task(background(n))
    await asyncio.sleep(0.5)
    print("main returns with tasks still pending")


asyncio.run(main())
print("after asyncio.run")
