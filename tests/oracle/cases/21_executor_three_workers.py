import asyncio
import concurrent.futures
import time


def job(name, seconds):
    print(name, "starts")
    time.sleep(seconds)
    print(name, "ends")
    return seconds


async def main():
    loop = asyncio.get_running_loop()
    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
        futures = [
            loop.run_in_executor(pool, job, "slow", 0.5),
            loop.run_in_executor(pool, job, "fast", 0.1),
            loop.run_in_executor(pool, job, "medium", 0.3),
        ]
        for fut in futures:
            print("awaited", await fut, "at", loop.time())


asyncio.run(main())
