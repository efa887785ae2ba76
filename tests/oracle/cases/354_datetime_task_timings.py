import asyncio
from datetime import datetime, timedelta


async def step(name, seconds):
    started = datetime.now()
    await asyncio.sleep(seconds)
    took = datetime.now() - started
    print(f"{name:<6} started {started:%H:%M:%S} took {took} ({took.total_seconds():.3f}s)")
    return took


async def main():
    t0 = datetime.now()
    durations = await asyncio.gather(step("small", 0.5), step("medium", 2.25), step("long", 3725))
    total = sum(durations, timedelta())
    print("sum of durations", total, "wall", datetime.now() - t0)
    print(max(durations), min(durations), sorted(durations)[1])
    deadline = t0 + timedelta(hours=1)
    print("past deadline" if datetime.now() > deadline else "in time", deadline.time() if False else deadline)


asyncio.run(main())
