import asyncio
import contextlib
import time


@contextlib.contextmanager
def timed(label):
    start = time.monotonic()
    yield
    print(f"{label} took {time.monotonic() - start:.2f}s")


async def main():
    with timed("sleep"):
        await asyncio.sleep(0.25)
    with timed("gather"):
        await asyncio.gather(asyncio.sleep(0.1), asyncio.sleep(0.3))


asyncio.run(main())
