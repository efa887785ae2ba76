import asyncio


def cb(label):
    print("run", label)


async def main():
    loop = asyncio.get_running_loop()
    loop.call_later(0, cb, "call_later(0), made first")
    loop.call_soon(cb, "call_soon, made second")
    loop.call_later(0, cb, "call_later(0), made third")
    loop.call_soon(cb, "call_soon, made fourth")
    await asyncio.sleep(0)
    print("main resumes after one hop")
    await asyncio.sleep(0)
    print("main resumes after two hops")


asyncio.run(main())
