import asyncio
import random
from collections import deque


async def sensor(q):
    random.seed(3)
    for _ in range(8):
        await asyncio.sleep(0.25)
        await q.put(round(random.uniform(10, 20), 1))
    await q.put(None)


async def main():
    q = asyncio.Queue()
    window = deque(maxlen=3)
    asyncio.create_task(sensor(q))
    while (reading := await q.get()) is not None:
        window.append(reading)
        avg = sum(window) / len(window)
        print(f"{asyncio.get_running_loop().time():.2f} {reading:5.1f} avg {avg:.2f} over {list(window)}")
    print(window, len(window), window.maxlen)


asyncio.run(main())
