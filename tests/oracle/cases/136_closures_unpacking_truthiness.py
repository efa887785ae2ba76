fs = [lambda: i for i in range(3)]
print([f() for f in fs])
gs = [lambda i=i: i * 10 for i in range(3)]
print([g() for g in gs])


def counter():
    n = 0

    def inc(step=1):
        nonlocal n
        n += step
        return n

    return inc


c1 = counter()
c2 = counter()
print(c1(), c1(), c1(5), c2(), c1())


def append_to(x, acc=[]):
    acc.append(x)
    return acc


print(append_to(1), append_to(2), append_to(3, []))
a, *rest = [1, 2, 3, 4]
*init, last = "xyz"
first, (second, third) = 1, (2, 3)
print(a, rest, init, last, first, second, third)
x, y = 1, 2
x, y = y, x + y
print(x, y)
for i, (k, v) in enumerate(sorted({"b": 2, "a": 1}.items())):
    print(i, k, v)
print(0 or "default", "" or None, [] and "never", 3 and 4, not [], None is None)
print(1 < 2 < 3, 1 < 3 < 2, 2 == 2.0 == True, "a" < "b" < "c", (1, 2) < (1, 3), [1, 2] == [1, 2])
print(bool(0.0), bool(-0.0), bool("0"), bool([0]), bool({}), bool(()), bool(None))
print(3 in [1, 2, 3], "ell" in "hello", "k" in {"k": 1}, 2 not in (1, 3))
d = {1: "int", 1.0: "float", True: "bool"}
print(d, len(d))
print(sorted({3, 1, 2}), len({1, True, 1.0}), {1, 2} | {3}, sorted({1, 2, 3} & {2, 3, 4}), sorted({1, 2} ^ {2, 3}))
print((1,), (), [()], ((1, 2),), tuple([1]), list((1, 2)), [[]], {"t": (1,)})
print(repr("a\nb\t'c'"), repr('both \' and "'), repr("back\\slash"), "é", repr("日本"), len("日本"))
print(str(None), str(True), repr(None), [None, True, 0.5, -0.0], {"k": [1.5, "v"]})
print(max([3, 1, 4, 1, 5], key=lambda v: -v), min("hello"), max("abc", "abd"), min([[2], [1, 9]]))
try:
    min([])
except ValueError as e:
    print("ValueError:", e)
try:
    print(1 / 0)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    print(1.0 / 0)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    print(5 % 0)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    [1][3]
except IndexError as e:
    print("IndexError:", e)
try:
    {"a": 1}["b"]
except KeyError as e:
    print("KeyError:", e)
try:
    "x" + 1
except TypeError as e:
    print("TypeError:", e)
