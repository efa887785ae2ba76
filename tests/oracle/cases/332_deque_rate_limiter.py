import asyncio
from collections import deque


class_limit = 3
WINDOW = 1.0


async def main():
    loop = asyncio.get_running_loop()
    stamps = deque()
    # At most three requests in any window of one second: the deque keeps
    # the times of the recent ones, oldest on the left.
    for i in range(8):
        now = loop.time()
        while stamps and now - stamps[0] >= WINDOW:
            stamps.popleft()
        if len(stamps) >= class_limit:
            wait = WINDOW - (now - stamps[0])
            print(f"{now:.2f} request {i} waits {wait:.2f}")
            await asyncio.sleep(wait)
            stamps.popleft()
        stamps.append(loop.time())
        print(f"{loop.time():.2f} request {i} sent, window {[round(t, 2) for t in stamps]}")
        await asyncio.sleep(0.2)


asyncio.run(main())
