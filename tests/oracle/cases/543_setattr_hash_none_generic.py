# A class's own __setattr__ sees every store (super().__setattr__ stores),
# __hash__ = None makes instances unhashable, and a Generic class can be
# subscripted while a plain one cannot.
class Validated:
    def __init__(self, x):
        self.x = x
    def __setattr__(self, name, value):
        if name == "x" and value < 0:
            raise ValueError("negative")
        print("set", name, value)
        super().__setattr__(name, value)
v = Validated(3)
v.x = 5
try:
    v.x = -1
except ValueError as e:
    print(e, v.x)
class Frozen:
    def __init__(self):
        object.__setattr__(self, "a", 1) if False else super().__setattr__("a", 1)
    def __setattr__(self, name, value):
        raise AttributeError(f"{name} is read-only")
f = Frozen()
try:
    f.a = 2
except AttributeError as e:
    print(e, f.a)
class Sub(Validated):
    pass
s = Sub(1); s.y = 2; print(s.y)
class Counting:
    sets = 0
    def __setattr__(self, name, value):
        type(self).sets += 1
        super().__setattr__(name, value)
c = Counting(); c.a = 1; c.b = 2; print(Counting.sets, c.a + c.b)
import typing
class H:
    __hash__ = None
for make in (lambda: hash(H()), lambda: {H()}):
    try:
        make()
    except TypeError as e:
        print(e)
T = typing.TypeVar("T")
class Box(typing.Generic[T]):
    def __init__(self, v: T):
        self.v = v
print(Box[int](4).v, Box(5).v)
class Plain:
    pass
try:
    Plain[int]
except TypeError as e:
    print(e)
