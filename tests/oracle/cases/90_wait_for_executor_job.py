import asyncio
import time


def slow_job():
    print("job starts")
    time.sleep(0.4)
    print("job ends, although nobody waits for it")
    return "late"


async def main():
    loop = asyncio.get_running_loop()
    try:
        await asyncio.wait_for(loop.run_in_executor(None, slow_job), timeout=0.1)
    except TimeoutError:
        print("timed out at", loop.time(), "- the thread cannot be cancelled")
    await asyncio.sleep(0.1)
    print("main returns at", loop.time())


asyncio.run(main())
print("asyncio.run waited for the default executor")
