from collections import OrderedDict, namedtuple

cache = OrderedDict()
for k in "abcd":
    cache[k] = ord(k)
cache.move_to_end("b")
print(cache)
cache.move_to_end("d", last=False)
print(list(cache), cache.popitem(), cache.popitem(last=False), cache)
Point = namedtuple("Point", "x y")
p = Point(3, y=4)
print(p, p.x, p[1], p == (3, 4), len(p), list(p), Point._fields)
x, y = p
print(x * y, p._replace(y=10), p._asdict(), {p: "stored"}[(3, 4)])
Job = namedtuple("Job", ["name", "priority", "tags"], defaults=[0, ()])
jobs = [Job("b", 2), Job("a", 1, ("x",)), Job("c")]
print(sorted(jobs, key=lambda j: j.priority))
print(Point._make([1, 2]), isinstance(p, tuple), isinstance(p, Point), p.index(4))
match p:
    case Point(x=0):
        print("on the y axis")
    case Point(a, b) if a < b:
        print("above the diagonal", a, b)
try:
    Point(1)
except TypeError as e:
    print("TypeError:", e)
