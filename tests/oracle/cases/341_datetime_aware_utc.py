import asyncio
from datetime import datetime, timezone, timedelta


async def main():
    start = datetime.now(timezone.utc)
    print(start, repr(start), start.tzinfo, start.strftime("%H:%M %z %Z"))
    await asyncio.sleep(90)
    elapsed = datetime.now(timezone.utc) - start
    print(elapsed, elapsed.total_seconds(), elapsed > timedelta(minutes=1))
    deadline = start + timedelta(seconds=120)
    while datetime.now(timezone.utc) < deadline:
        await asyncio.sleep(10)
    print("reached", datetime.now(timezone.utc).isoformat())
    naive = datetime.now()
    try:
        naive - start
    except TypeError as e:
        print("TypeError:", e)


asyncio.run(main())
