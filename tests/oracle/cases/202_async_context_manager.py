import asyncio


class Connection:
    opened = 0

    def __init__(self, host):
        self.host = host

    async def __aenter__(self):
        await asyncio.sleep(0.1)
        Connection.opened += 1
        print("open", self.host)
        return self

    async def __aexit__(self, exc_type, exc, tb):
        await asyncio.sleep(0.1)
        print("close", self.host, exc_type.__name__ if exc_type else None)
        return exc_type is KeyError

    async def fetch(self, path):
        await asyncio.sleep(0.2)
        return f"{self.host}{path}"


async def main():
    async with Connection("example.com") as c:
        print(await c.fetch("/a"))
    async with Connection("swallow.com"):
        raise KeyError("gone")
    print("after swallow")
    try:
        async with Connection("err.com"):
            raise ValueError("bad")
    except ValueError as e:
        print("caught", e)
    print(Connection.opened)


asyncio.run(main())
