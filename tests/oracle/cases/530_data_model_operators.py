import functools, heapq

@functools.total_ordering
class Version:
    def __init__(self, s):
        self.parts = tuple(int(p) for p in s.split("."))
    def __eq__(self, o):
        return self.parts == o.parts
    def __lt__(self, o):
        return self.parts < o.parts
    def __hash__(self):
        return hash(self.parts)
    def __repr__(self):
        return "v" + ".".join(map(str, self.parts))
    def __format__(self, spec):
        return format(repr(self), spec)

class Vec:
    __match_args__ = ("x", "y")
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y) if isinstance(o, Vec) else NotImplemented
    def __radd__(self, o):
        return self if o == 0 else NotImplemented
    def __iadd__(self, o):
        self.x += o.x; self.y += o.y
        return self
    def __neg__(self): return Vec(-self.x, -self.y)
    def __abs__(self): return (self.x ** 2 + self.y ** 2) ** 0.5
    def __bool__(self): return bool(self.x or self.y)
    def __iter__(self):
        yield self.x
        yield self.y
    def __getitem__(self, i):
        return (self.x, self.y)[i]
    def __len__(self): return 2
    def __contains__(self, v): return v in (self.x, self.y)
    def __repr__(self): return f"Vec({self.x}, {self.y})"
    def __call__(self, k): return Vec(self.x * k, self.y * k)

class Registry:
    def __init__(self): self._d = {}
    def __setitem__(self, k, v): self._d[k] = v
    def __getitem__(self, k): return self._d[k]
    def __delitem__(self, k): del self._d[k]
    def __missing__(self, k): return None

class Quiet:
    def __enter__(self): return self
    def __exit__(self, et, ev, tb):
        print("suppressing", et.__name__ if et else None)
        return True

class AppError(Exception):
    def __init__(self, code, msg):
        super().__init__(f"[{code}] {msg}")
        self.code = code

vs = [Version("1.10"), Version("1.2"), Version("1.2.1")]
print(sorted(vs), max(vs), Version("1.2") >= Version("1.1"), f"{vs[0]:>8}|")
h = []
for v in vs: heapq.heappush(h, v)
print(heapq.heappop(h))
a = Vec(1, 2)
b = a + Vec(3, 4)
a += Vec(1, 1)
print(b, a, -a, abs(Vec(3, 4)), bool(Vec(0, 0)), list(a), a[1], len(a), 3 in a, a(2), sum([Vec(1, 1), Vec(2, 2)]), tuple(Vec(5, 6)))
x, y = Vec(7, 8)
print(x, y)
match Vec(0, 5):
    case Vec(0, yy):
        print("on y axis", yy)
r = Registry(); r["a"] = 1; print(r["a"]); del r["a"]
with Quiet():
    raise KeyError("k")
try:
    try:
        raise AppError(404, "not found")
    except AppError as e:
        e.add_note("while fetching")
        raise RuntimeError("wrapped") from e
except RuntimeError as e:
    print(repr(e), repr(e.__cause__), e.__cause__.code, e.__cause__.__notes__)
try:
    raise ValueError("x") from None
except ValueError as e:
    print(e.__suppress_context__, e.__cause__)
try:
    Vec(1, 1) + 5
except TypeError as e:
    print(e)
