import asyncio
from datetime import datetime


def log(msg):
    # A log line stamped with the virtual clock (Loopscope's epoch is
    # 1970-01-01 00:00:00 UTC, as the oracle runner's).
    print(f"{datetime.now().strftime('%Y-%m-%d %H:%M:%S.%f')[:-3]} {msg}")


async def job(name, delay):
    log(f"{name} starts")
    await asyncio.sleep(delay)
    log(f"{name} done after {delay}s")


async def main():
    log("main starts")
    await asyncio.gather(job("fetch", 1.5), job("parse", 0.25), job("slow", 61))
    log("all done")
    print(datetime.now().isoformat(), repr(datetime.now()))


asyncio.run(main())
