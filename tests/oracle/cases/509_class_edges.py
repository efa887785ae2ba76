import asyncio
from dataclasses import dataclass, field, asdict, astuple
from enum import Enum


def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)


class Base:
    kind = "base"

    def __init__(self, x):
        self.x = x

    @property
    def double(self):
        return self.x * 2

    @classmethod
    def make(cls, x):
        return cls(x)

    @staticmethod
    def helper(v):
        return v + 1

    def describe(self):
        return f"Base({self.x})"


class Child(Base):
    kind = "child"

    def __init__(self, x, y=0):
        super().__init__(x)
        self.y = y

    @property
    def double(self):
        return super().double + 1

    @classmethod
    def make(cls, x):
        obj = super().make(x)
        obj.y = -1
        return obj

    def describe(self):
        return "Child/" + super(Child, self).describe() + "/" + super().kind

    def missing(self):
        return super().nothing


class Temp:
    def __init__(self):
        self._c = 0

    def get_c(self):
        return self._c

    def set_c(self, v):
        self._c = v * 10

    c = property(get_c)
    c = c.setter(set_c)


@dataclass(order=True)
class Job:
    priority: int
    name: str = field(compare=False)
    tags: tuple = ()
    meta: dict = field(default_factory=dict, compare=False)


class Color(Enum):
    RED = 1
    GREEN = 2


async def main():
    await asyncio.sleep(0)
    show("child", lambda: (Child(3, 4).double, Child(3).describe(), Child.make(5).y, Child.helper(1), Child(1).kind))
    show("super missing", lambda: Child(1).missing())
    show("init args", lambda: Base())
    show("init many", lambda: Base(1, 2, 3))
    show("init kw", lambda: Base(1, x=2))
    show("init unknown kw", lambda: Base(1, z=2))
    show("object args", lambda: Temp(1))
    show("property setter", lambda: (lambda t: (setattr(t, "c", 4), t.c)[1])(Temp()))
    show("asdict", lambda: asdict(Job(1, "a", (1, [2]), {"k": [Job(2, "b")]})))
    show("astuple", lambda: astuple(Job(1, "a", (3,))))
    show("order", lambda: (Job(1, "x") < Job(2, "a"), sorted([Job(3, "c"), Job(1, "z")])[0].name, Job(1, "a") == Job(1, "b")))
    show("order bad", lambda: Job(1, "a") < 5)
    show("enum", lambda: (Color(1), Color["GREEN"], Color.RED.name, list(Color), Color.RED in Color))
    show("enum bad", lambda: Color(7))
    show("enum key", lambda: Color["BLUE"])
    show("isinstance", lambda: (isinstance(Child(1), Base), issubclass(Child, Base), issubclass(Base, Child), isinstance(True, int), type(Child(1)).__name__))
    show("class attrs", lambda: (Child.__name__, Child.__mro__[1].__name__, Base.__bases__[0].__name__))
    show("bound", lambda: (Child(2).describe.__name__, Base.describe(Child(7)), Child(2).describe.__qualname__, Child.make.__name__, Child.make.__qualname__))
    show("bound self", lambda: (lambda c: (c.describe.__self__ is c, c.describe.__func__ is Child.describe, Child.make.__self__ is Child))(Child(1)))
    show("builtin bound", lambda: ([].append.__name__, "x".upper.__name__))
    show("bound missing", lambda: Child(1).describe.nothing)


asyncio.run(main())
