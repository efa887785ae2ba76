import asyncio
async def main():
    loop = asyncio.get_running_loop()
    prev = None
    for i in range(10**5):
        f = loop.create_future()
        f.set_result(prev)
        prev = f
    print(len(repr(prev)) > 0)
asyncio.run(main())
