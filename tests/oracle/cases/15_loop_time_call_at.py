import asyncio


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    print("start", start)
    done = loop.create_future()
    loop.call_at(start + 0.3, done.set_result, "at 0.3")
    loop.call_at(start + 0.1, print, "plain print from call_at")
    print(await done, loop.time() - start)


asyncio.run(main())
