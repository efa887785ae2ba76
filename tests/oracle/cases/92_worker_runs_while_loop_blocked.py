import asyncio
import time


def worker():
    print("worker starts")
    time.sleep(0.2)
    print("worker finishes while the loop is blocked")
    return "w"


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.run_in_executor(None, worker)
    await asyncio.sleep(0.1)
    print("loop blocks for 0.5 s")
    time.sleep(0.5)
    print("loop unblocked, fut.done() =", fut.done())
    print("result", await fut, "at", loop.time())


asyncio.run(main())
