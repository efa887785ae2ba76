import asyncio
import threading
import time


async def remote_add(a, b):
    await asyncio.sleep(0.1)
    print("adding on the loop in", asyncio.current_task().get_name())
    return a + b


async def remote_fail():
    await asyncio.sleep(0.07)
    raise KeyError("remote")


def worker(loop):
    time.sleep(0.15)
    fut = asyncio.run_coroutine_threadsafe(remote_add(2, 3), loop)
    print("worker got", fut.result(), "done:", fut.done())
    fut2 = asyncio.run_coroutine_threadsafe(remote_fail(), loop)
    try:
        fut2.result()
    except KeyError as e:
        print("worker caught", repr(e))


async def main():
    loop = asyncio.get_running_loop()
    t = threading.Thread(target=worker, args=(loop,))
    t.start()
    for i in range(5):
        await asyncio.sleep(0.1)
        print("main tick", i)
    await asyncio.to_thread(t.join)
    t2 = asyncio.create_task(remote_add(1, 1))
    print("get_coro:", t2.get_coro().__name__)
    await t2


asyncio.run(main())
