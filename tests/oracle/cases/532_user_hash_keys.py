from dataclasses import dataclass
class OnlyHash:
    def __init__(self, n): self.n = n
    def __hash__(self): return hash(self.n)
print(len({OnlyHash(1), OnlyHash(1)}))
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def __eq__(self, o):
        return isinstance(o, Point) and (self.x, self.y) == (o.x, o.y)
    def __hash__(self):
        return hash((self.x, self.y))
    def __repr__(self): return f"P({self.x},{self.y})"
class Point3(Point):
    def __init__(self, x, y, z):
        super().__init__(x, y)
        self.z = z
a, b = {Point(0, 0), Point(1, 1), Point(0, 0)}, {Point(1, 1), Point(2, 2)}
print(sorted(a | b, key=lambda p: p.x), a & b, a - b, Point(2, 2) in b)
d = {Point(0, 0): "origin"}
print(d.get(Point(0, 0)), Point(5, 5) in d, d.setdefault(Point(0, 0), "x"), {Point3(1, 1, 9): 1}[Point(1, 1)])
class Const:
    def __eq__(self, o): return True
    def __hash__(self): return 7
print(len({Const(), Const()}), {Const(): 1}.get(Const()))
@dataclass(unsafe_hash=True)
class U:
    a: int
print(len({U(1), U(1), U(2)}))
from collections import Counter, defaultdict
c = Counter([Point(1, 2), Point(1, 2), Point(3, 4)])
print(c[Point(1, 2)], len(c))
dd = defaultdict(list)
dd[Point(0, 1)].append(1); dd[Point(0, 1)].append(2)
print(dict(dd))
