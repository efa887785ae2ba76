import asyncio
async def f():
    pass
async def main():
    for i in range(10**7):
        asyncio.create_task(f())
asyncio.run(main())
