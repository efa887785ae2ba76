import asyncio
async def leaf():
    await asyncio.sleep(10)
async def main():
    g = asyncio.gather(leaf())
    for i in range(3000):
        g = asyncio.gather(g)
    await asyncio.sleep(0)
    try:
        g.cancel()
    except RecursionError as e:
        print("RecursionError", e)
    print("cancelled:", g.cancelled())
asyncio.run(main())
