import asyncio


class RetryError(Exception):
    pass


async def fetch(n):
    await asyncio.sleep(n)
    raise RetryError(f"gave up after {n} tries")


async def main():
    try:
        await fetch(1)
    except RetryError as e:
        raise RuntimeError("fetch failed") from e


asyncio.run(main())
