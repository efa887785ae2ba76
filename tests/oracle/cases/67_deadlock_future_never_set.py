import asyncio


async def main():
    fut = asyncio.get_running_loop().create_future()
    print("awaiting a future that nobody will ever resolve")
    await fut
    print("not reached")


asyncio.run(main())
