import asyncio
from collections import namedtuple


def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)


P = namedtuple("P", "x y")


def dict_ior():
    d = {"y": 2}
    d |= {"x": 1}
    d |= [("z", 3)]
    return d


def ior(a, b):
    a |= b
    return a


def iadd(a, b):
    a += b
    return a


def aliases():
    d = {"a": 1}
    alias = d
    d |= {"b": 2}
    d |= (("c", 3), "de")
    s = {1, 2, 3}
    t = s
    s |= {4}
    s &= {1, 2, 4, 7}
    s -= {1}
    s ^= {2, 9}
    l = [1]
    m = l
    l *= 3
    l += (5,)
    u = (1,)
    v = u
    u += (2,)
    return alias, d is alias, t, s is t, m, l is m, v, u


def del_key(k):
    d = {"a": 1}
    del d[k]
    return d


def del_slice():
    l = list(range(8))
    del l[1:5:2]
    return l


def del_slice_neg():
    l = list(range(8))
    del l[::-3]
    return l


async def main():
    await asyncio.sleep(0)
    show("lshift", lambda: 3 << 70)
    show("lshift small", lambda: -5 << 3)
    show("lshift neg", lambda: 1 << -1)
    show("rshift neg", lambda: 1 >> -1)
    show("rshift big", lambda: -7 >> 100)
    show("rshift big pos", lambda: 7 >> 64)
    show("rshift", lambda: -7 >> 1)
    show("big shifts", lambda: ((1 << 100) >> 98, (-(1 << 100)) >> 99, (1 << 100) << 1))
    show("big bitops", lambda: ((1 << 80) | 5, (1 << 80) & ((1 << 81) - 1), (1 << 80) ^ -1, ~(1 << 80)))
    show("bitops", lambda: (12 & 10, 12 | 3, 12 ^ 5, ~0, ~True, -True, +True, ~-1))
    show("matmul", lambda: 1 @ 2)
    show("tuple add", lambda: (1, 2) + (3,))
    show("tuple add list", lambda: (1,) + [2])
    show("tuple mul", lambda: (1, 2) * 3)
    show("tuple mul neg", lambda: (1, 2) * -1)
    show("seq mul float", lambda: [1] * 2.0)
    show("dict or", lambda: {"a": 1, "b": 2} | {"b": 3, "c": 4})
    show("dict or bad", lambda: {"a": 1} | [("b", 2)])
    show("dict ior", dict_ior)
    show("aliases", aliases)
    show("dict ior bad", lambda: ior({"a": 1}, [1]))
    show("dict ior len", lambda: ior({"a": 1}, [(1, 2, 3)]))
    show("dict ior int", lambda: ior({"a": 1}, 5))
    show("dict ior unhashable", lambda: ior({"a": 1}, [([1], 2)]))
    show("set ior list", lambda: ior({1}, [2]))
    show("int iadd str", lambda: iadd(1, "a"))
    show("set ops", lambda: ({1, 2} | {3}, {1, 2} & {2}, {1, 2} - {1}, {1, 2} ^ {2, 3}))
    show("int div zero", lambda: 1 // 0)
    show("int mod zero", lambda: 1 % 0)
    show("true div zero", lambda: 1 / 0)
    show("float floordiv zero", lambda: 1.5 // 0)
    show("float mod zero", lambda: 1.5 % 0.0)
    show("divmod zero", lambda: divmod(1, 0))
    show("big div", lambda: (10**30 // 7, 10**30 % 7, -(10**30) // 7, -(10**30) % 7, 10**30 / 10**10))
    show("big div zero", lambda: 10**30 // 0)
    show("big float", lambda: float(10**400))
    show("big true div", lambda: 10**400 / 3)
    show("big true div ok", lambda: 10**400 / 10**399)
    show("pow", lambda: (2 ** -1, (-8) ** (1 / 3) if False else 0, 0 ** 0, 2 ** 0.5, (-2) ** 2, pow(2, 10, 1000), pow(3, -1, 7)))
    show("pow zero neg", lambda: 0 ** -1)
    show("mixed", lambda: (1 + 2.5, 7 // 2.0, -7 % 3, 7 % -3, -7.5 % 2, 7.5 // -2, True + True, 3 * True))
    show("float mod signs", lambda: (-0.0 % 1.0, 5.0 % -3.0, -5.0 % 3.0))
    show("in range", lambda: (3 in range(0, 10, 3), 4 in range(0, 10, 3), -2 in range(0, -10, -2), 2.0 in range(5), "a" in range(5), True in range(3)))
    show("in bad", lambda: 1 in 5)
    show("in str bad", lambda: 1 in "abc")
    show("range slice", lambda: (range(10)[2:8:2], range(10)[::-1], range(0, 20, 3)[1:4], range(10)[-3:]))
    show("index bool", lambda: ([10, 20][True], "ab"[False], (5, 6)[True], range(3)[True]))
    show("index big", lambda: [1, 2][10**20])
    show("index float", lambda: [1, 2][1.0])
    show("tuple assign", lambda: (lambda t: t.__setitem__(0, 1))((1, 2)))
    show("str assign", lambda: (lambda s: s.__setitem__(0, "x"))("ab"))
    show("del slice", del_slice)
    show("del slice neg", del_slice_neg)
    show("del missing", lambda: del_key("zz"))
    show("del unhashable", lambda: del_key([1]))
    show("range keys", lambda: ({range(0): "empty"}.get(range(5, 2)), {range(3): "r"}.get((0, 3, 1)), {(0, 3, 1): "t"}.get(range(3)), len({range(0), range(4, 4), range(1, 2), range(1, 5, 10)})))
    show("range hash", lambda: (hash(range(0)) == hash(range(7, 3)), hash(range(1, 2)) == hash(range(1, 9, 10))))
    show("namedtuple cmp", lambda: (P(1, 2) < P(1, 3), P(1, 2) == (1, 2), P(2, 0) > (1, 9), sorted([P(2, 1), P(1, 5)])))
    show("range eq", lambda: (range(0, 3) == range(3), range(0) == range(5, 2), range(1, 10, 3) == range(1, 11, 3)))
    show("nested eq", lambda: ([1, [2, (3, {"a": [4]})]] == [1, [2, (3, {"a": [4]})]], {1: {2}} == {1: {2}}))
    show("cmp mixed", lambda: ([1, 2] < [1, 2, 0], (1, "a") < (1, "b"), "abc" < "abd", [1] < [1.5]))
    show("cmp bad", lambda: [1, "a"] < [1, 2])
    show("str mul", lambda: ("ab" * 3, "ab" * 0, "ab" * -2, 3 * "xy"))
    show("list mul", lambda: [[0]] * 2)
    show("neg zero", lambda: (-0.0, 0.0 == -0.0, -(0), abs(-0.0)))
    show("unary big", lambda: (-(10**30), +(10**30), ~(10**30), abs(-(10**30))))
    show("unary bad", lambda: -"a")
    show("invert float", lambda: ~1.5)


asyncio.run(main())
