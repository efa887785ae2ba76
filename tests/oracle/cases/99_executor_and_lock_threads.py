import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

lock = threading.Lock()
log = []


def job(name, start_delay):
    time.sleep(start_delay)
    with lock:
        print(name, "enters the critical section")
        log.append(name)
        time.sleep(0.1)
        print(name, "leaves")
    return name


async def main():
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(max_workers=3) as pool:
        futures = [loop.run_in_executor(pool, job, n, d) for n, d in [("x", 0.05), ("y", 0.01), ("z", 0.02)]]
        results = await asyncio.gather(*futures)
    print(results, log, "at", loop.time())


asyncio.run(main())
