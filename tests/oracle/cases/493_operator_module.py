import asyncio
import functools
import operator
from dataclasses import dataclass
from operator import itemgetter, attrgetter, methodcaller


@dataclass
class Address:
    city: str


@dataclass
class Job:
    name: str
    priority: int
    address: Address


class Money:
    def __init__(self, cents):
        self.cents = cents

    def __add__(self, other):
        return Money(self.cents + other.cents)

    def __neg__(self):
        return Money(-self.cents)

    def __lt__(self, other):
        return self.cents < other.cents

    def __repr__(self):
        return f"Money({self.cents})"


class Box:
    def __getitem__(self, k):
        return k * 2

    def __contains__(self, k):
        return k == 3


async def fetch(i):
    await asyncio.sleep(0.1 * (3 - i))
    return {"id": i, "score": (i * 7) % 5, "name": f"n{i}"}


async def main():
    rows = await asyncio.gather(*(fetch(i) for i in range(4)))
    print(sorted(rows, key=itemgetter("score")))
    print(sorted(rows, key=itemgetter("score", "id"), reverse=True))
    print(list(map(itemgetter("name"), rows)))
    print(itemgetter(1)([10, 20, 30]), itemgetter(0, 2)("abc"))
    pairs = [(2, "b"), (1, "a"), (2, "a")]
    print(sorted(pairs, key=itemgetter(1, 0)))
    jobs = [Job("x", 3, Address("Oslo")), Job("y", 1, Address("Bergen")), Job("z", 2, Address("Alta"))]
    print([j.name for j in sorted(jobs, key=attrgetter("priority"))])
    print([j.name for j in sorted(jobs, key=attrgetter("address.city"))])
    print(attrgetter("name", "address.city")(jobs[0]))
    print(list(map(methodcaller("upper"), ["a", "bc"])))
    print(methodcaller("split", ",", 1)("a,b,c"), methodcaller("replace", "a", "o")("banana"))
    print(methodcaller("get", "k", default_missing := 5)({"k": 1}), default_missing)
    print(functools.reduce(operator.add, [1, 2, 3, 4]))
    print(functools.reduce(operator.mul, range(1, 6), 1))
    print(functools.reduce(operator.add, [[1], [2, 3]], []))
    print(functools.reduce(operator.add, [Money(1), Money(2), Money(3)]))
    print(list(map(operator.sub, [10, 20], [1, 2])), list(map(operator.neg, [1, -2])))
    print(operator.truediv(7, 2), operator.floordiv(7, 2), operator.mod(-7, 3), operator.pow(2, 10))
    print(operator.eq(1, 1.0), operator.ne("a", "b"), operator.lt(1, 2), operator.le(2, 2), operator.gt(1, 2), operator.ge(3, 2))
    print(operator.not_([]), operator.truth([0]), operator.truth(0), operator.not_(Money(0)))
    print(operator.contains([1, 2], 2), operator.contains("abc", "z"), operator.contains(Box(), 3))
    print(operator.getitem({"a": 1}, "a"), operator.getitem([5, 6], -1), operator.getitem(Box(), 21))
    print(operator.index(7), operator.index(True), operator.neg(Money(5)), operator.lt(Money(1), Money(2)))
    print(operator.and_(6, 3), operator.or_(6, 3), operator.xor(6, 3), operator.abs(-4), operator.is_(None, None))
    print(max(jobs, key=attrgetter("priority")).name, min(rows, key=itemgetter("score"))["id"])
    for bad in (lambda: itemgetter("zz")(rows[0]), lambda: itemgetter(9)([1]),
                lambda: attrgetter("nope")(jobs[0]), lambda: operator.index(1.5),
                lambda: operator.add(1, "a"), lambda: operator.lt(1, "a"),
                lambda: operator.truediv(1, 0), lambda: operator.getitem(5, 0)):
        try:
            bad()
        except Exception as e:
            print(type(e).__name__, e)


asyncio.run(main())
