import asyncio
import contextlib


@contextlib.asynccontextmanager
async def transaction():
    print("begin")
    try:
        yield "tx"
        await asyncio.sleep(0.1)
        print("commit")
    except ValueError as e:
        await asyncio.sleep(0.1)
        print("rollback because", e)


@contextlib.asynccontextmanager
async def reraiser():
    try:
        yield
    finally:
        await asyncio.sleep(0.2)
        print("cleanup done")


async def main():
    async with transaction() as tx:
        print("working in", tx)
    async with transaction():
        raise ValueError("bad row")
    print("rollback swallowed the error")
    try:
        async with reraiser():
            raise KeyError("k")
    except KeyError as e:
        print("KeyError went through:", e)
    try:
        async with transaction():
            raise TypeError("wrong type")
    except TypeError as e:
        print("TypeError went through:", e)


asyncio.run(main())
