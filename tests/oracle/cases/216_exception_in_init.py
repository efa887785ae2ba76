import asyncio


class Resource:
    def __init__(self, n):
        if n < 0:
            raise ValueError(f"bad size {n}")
        self.n = n


async def make(n):
    await asyncio.sleep(n if n > 0 else 0.5)
    return Resource(n)


async def main():
    print(Resource(2).n)
    try:
        Resource(-1)
    except ValueError as e:
        print("caught", e)
    results = await asyncio.gather(make(1), make(-2), return_exceptions=True)
    print([type(r).__name__ for r in results], results[1])
    Resource(-3)


asyncio.run(main())
