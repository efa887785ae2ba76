import asyncio
import time
from concurrent.futures import ThreadPoolExecutor


def job(n):
    print("job", n, "start")
    time.sleep(0.1)
    print("job", n, "end")
    return n * 10


def cb_blocks():
    print("callback blocks the loop")
    time.sleep(0.23)
    print("callback returns")


async def ticker():
    for i in range(5):
        print("tick", i)
        await asyncio.sleep(0.12)


async def main():
    loop = asyncio.get_running_loop()
    t = asyncio.create_task(ticker())
    await asyncio.sleep(0)
    loop.call_later(0.15, cb_blocks)
    with ThreadPoolExecutor(max_workers=1) as ex:
        fs = [loop.run_in_executor(ex, job, i) for i in range(4)]
        print(await asyncio.gather(*fs))
    await t
    r = await asyncio.to_thread(job, 9)
    print("to_thread", r, loop.time())
    r = await asyncio.to_thread(sorted, [3, 1, 2], reverse=True)
    print("to_thread kwargs", r)


asyncio.run(main())
