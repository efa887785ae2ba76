import asyncio
async def f():
    pass
async def main():
    cs = [f() for i in range(10**7)]
    print(len(cs))
asyncio.run(main())
