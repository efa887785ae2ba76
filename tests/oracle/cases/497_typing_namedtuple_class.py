import asyncio
from typing import NamedTuple, Optional
import typing


class Endpoint(NamedTuple):
    """A host and port to poll."""

    host: str
    port: int = 80
    timeout: Optional[float] = None

    def url(self):
        return f"http://{self.host}:{self.port}"

    @property
    def secure(self):
        return self.port == 443

    @classmethod
    def parse(cls, text):
        host, _, port = text.partition(":")
        return cls(host, int(port or 80))

    @staticmethod
    def default_port():
        return 80


class Result(typing.NamedTuple):
    endpoint: Endpoint
    status: int
    elapsed: float

    def __str__(self):
        return f"{self.endpoint.host} -> {self.status} in {self.elapsed}s"


class Pair(NamedTuple):
    a: int
    b: int


async def poll(ep, delay):
    await asyncio.sleep(delay)
    return Result(ep, 200 if ep.port != 81 else 503, delay)


async def main():
    eps = [Endpoint("a.example"), Endpoint("b.example", 443), Endpoint.parse("c.example:81")]
    print(eps)
    print(eps[1], eps[1].url(), eps[1].secure, eps[0].secure, Endpoint.default_port())
    print(Pair.__doc__, Endpoint._fields, Endpoint._field_defaults)
    results = await asyncio.gather(*(poll(ep, 0.1 * (i + 1)) for i, ep in enumerate(eps)))
    for r in results:
        print(r)
    print(repr(results[0]))
    host, port, timeout = eps[2]
    print(host, port, timeout, eps[2][1], len(eps[2]), eps[0] == ("a.example", 80, None))
    p = Pair(1, 2)
    print(p, p._replace(b=5), p._asdict(), Pair._make([3, 4]), sorted([Pair(2, 1), Pair(1, 9)]))
    print({p: "x"}[Pair(1, 2)], isinstance(p, tuple), p.a + p.b, max(eps, key=lambda e: e.port).host)
    match eps[1]:
        case Endpoint(host=h, port=443):
            print("secure host", h)
    for bad in (lambda: Pair(1), lambda: Pair(1, 2, 3), lambda: Pair(1, c=2)):
        try:
            bad()
        except TypeError as e:
            print("TypeError", e)
    try:
        class Bad(NamedTuple):
            x: int = 0
            y: int
    except TypeError as e:
        print("TypeError", e)


asyncio.run(main())
