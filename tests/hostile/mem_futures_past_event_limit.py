import asyncio
async def main():
    loop = asyncio.get_running_loop()
    for i in range(10**7):
        loop.create_future()
asyncio.run(main())
