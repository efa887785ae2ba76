import asyncio
import concurrent.futures
import time


def job(name, seconds):
    print("job", name, "starts")
    time.sleep(seconds)
    print("job", name, "ends")
    return name * 2


async def main():
    loop = asyncio.get_running_loop()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        futures = [loop.run_in_executor(pool, job, n, 0.2) for n in "abc"]
        results = await asyncio.gather(*futures)
    print(results, "at", loop.time())


asyncio.run(main())
