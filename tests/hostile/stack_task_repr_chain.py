import asyncio
async def chain(n):
    if n == 0:
        await asyncio.sleep(1)
        return 0
    return await asyncio.create_task(chain(n - 1))
async def main():
    t = asyncio.create_task(chain(20000))
    await asyncio.sleep(0.5)
    print(len(repr(t)) > 0)
    t.cancel()
asyncio.run(main())
