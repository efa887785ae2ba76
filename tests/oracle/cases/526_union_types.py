from dataclasses import dataclass
from typing import Optional
@dataclass
class A:
    x: int | None = None
    y: list[int] | dict[str, int] | None = None
    z: Optional[str] = None
def f(a: int | str) -> str | None:
    return str(a)
print(A(1), f(2))
print(int | str, isinstance("s", int | str), isinstance(None, int | None), type(int | str).__name__)
print(issubclass(bool, int | str), (int | str) == (str | int), int | int, int | str | int, isinstance(3, (str, int | None)))
class Base: pass
class Child(Base): pass
print(Base | None, isinstance(Child(), Base | int), issubclass(Child, int | Base), isinstance(ValueError("x"), KeyError | ValueError))
try:
    1 | int
except TypeError as e:
    print("TypeError", e)
x: int | None = 5
print(x)
