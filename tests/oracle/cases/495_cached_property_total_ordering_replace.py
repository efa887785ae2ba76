import asyncio
import functools
from dataclasses import dataclass, field, replace
from functools import cached_property, total_ordering


class Report:
    def __init__(self, rows):
        self.rows = rows

    @cached_property
    def total(self):
        print("computing total")
        return sum(self.rows)

    @functools.cached_property
    def summary(self):
        print("computing summary")
        return f"{len(self.rows)} rows, total {self.total}"


@total_ordering
class Version:
    def __init__(self, major, minor):
        self.major = major
        self.minor = minor

    def __eq__(self, other):
        if not isinstance(other, Version):
            return NotImplemented
        return (self.major, self.minor) == (other.major, other.minor)

    def __lt__(self, other):
        if not isinstance(other, Version):
            return NotImplemented
        return (self.major, self.minor) < (other.major, other.minor)

    def __repr__(self):
        return f"v{self.major}.{self.minor}"


@total_ordering
class ByGe:
    def __init__(self, n):
        self.n = n

    def __eq__(self, other):
        return self.n == other.n

    def __ge__(self, other):
        return self.n >= other.n


@total_ordering
class ByGt:
    def __init__(self, n):
        self.n = n

    def __gt__(self, other):
        return self.n > other.n


@total_ordering
class ByLe:
    def __init__(self, n):
        self.n = n

    def __eq__(self, other):
        return self.n == other.n

    def __le__(self, other):
        return self.n <= other.n


@dataclass
class Request:
    method: str
    path: str
    headers: dict = field(default_factory=dict)
    retries: int = 0
    attempt: int = field(default=0, init=False)

    def __post_init__(self):
        print("post_init", self.method, self.path)


@dataclass(frozen=True)
class Point:
    x: int
    y: int = 0


async def handle(req):
    await asyncio.sleep(0.1)
    return replace(req, retries=req.retries + 1)


async def main():
    r = Report([1, 2, 3])
    print(r.total, r.total, r.summary, r.summary)
    r.rows.append(4)
    print(r.total)
    del r.total
    print(r.total)
    r.total = 100
    print(r.total, r.summary)
    print("total" in vars(r), type(Report.total).__name__ if False else "ok")

    vs = [Version(1, 2), Version(0, 9), Version(1, 0)]
    print(sorted(vs), max(vs), min(vs))
    a, b = Version(1, 0), Version(1, 2)
    print(a < b, a <= b, a > b, a >= b, a == b, a != b, b >= b, b <= b)
    print(Version(1, 0).__gt__(5), Version(1, 0) == 5)
    print(ByGe(1) < ByGe(2), ByGe(1) <= ByGe(1), ByGe(3) > ByGe(2), ByGe(2) <= ByGe(1))
    print(ByGt(1) < ByGt(2), ByGt(1) >= ByGt(1), ByGt(2) <= ByGt(2), ByGt(3) >= ByGt(4))
    print(ByLe(1) < ByLe(1), ByLe(1) > ByLe(0), ByLe(1) >= ByLe(2), ByLe(2) >= ByLe(2))
    try:
        Version(1, 0) < 3
    except TypeError as e:
        print("TypeError", e)
    try:
        @total_ordering
        class NoOrder:
            pass
    except ValueError as e:
        print("ValueError", e)

    req = Request("GET", "/a", {"x": "1"})
    req.attempt = 5
    again = await handle(req)
    print(again, again.headers is req.headers, again.attempt)
    print(replace(req, path="/b", headers={}))
    p = Point(1, 2)
    print(replace(p, y=5), replace(p), p)
    for bad in (lambda: replace(req, attempt=1), lambda: replace(req, nope=1),
                lambda: replace(5), lambda: replace(p, 1)):
        try:
            bad()
        except (TypeError, ValueError) as e:
            print(type(e).__name__, e)


asyncio.run(main())
