import asyncio
import contextlib


class Connection:
    def __init__(self, n: int):
        self.n = n
        self.queries = 0

    async def query(self, sql: str) -> str:
        self.queries += 1
        await asyncio.sleep(0.1)
        return f"conn{self.n}: {sql}"

    def __repr__(self) -> str:
        return f"<Connection {self.n} queries={self.queries}>"


class Pool:
    def __init__(self, size: int):
        self._free: asyncio.Queue[Connection] = asyncio.Queue()
        self.all = [Connection(i) for i in range(size)]
        for conn in self.all:
            self._free.put_nowait(conn)

    @contextlib.asynccontextmanager
    async def connection(self):
        conn = await self._free.get()
        try:
            yield conn
        finally:
            self._free.put_nowait(conn)


async def handler(pool: Pool, i: int) -> str:
    async with pool.connection() as conn:
        if i == 3:
            try:
                async with pool.connection() as c2:
                    raise ValueError(f"bad query {i} on {c2.n}")
            except ValueError as e:
                print("caught", e)
        return await conn.query(f"SELECT {i}")


async def main():
    pool = Pool(2)
    for line in await asyncio.gather(*(handler(pool, i) for i in range(5))):
        print(line)
    print(pool.all)
    with contextlib.suppress(KeyError):
        {}["missing"]
    print("suppressed")


asyncio.run(main())
