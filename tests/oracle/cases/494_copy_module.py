import asyncio
import copy
from collections import defaultdict, deque, namedtuple, Counter, OrderedDict
from dataclasses import dataclass, field

Point = namedtuple("Point", "x y")


@dataclass
class Config:
    name: str
    tags: list = field(default_factory=list)
    limits: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Frozen:
    a: int
    b: tuple


class Node:
    def __init__(self, value):
        self.value = value
        self.children = []
        self.parent = None
        print("init", value)

    def __repr__(self):
        return f"Node({self.value}, {len(self.children)} children)"


class Custom:
    def __init__(self, v):
        self.v = v

    def __copy__(self):
        print("__copy__ called")
        return Custom(self.v + 1)

    def __deepcopy__(self, memo):
        print("__deepcopy__ called", type(memo).__name__)
        return Custom(self.v + 100)


async def worker(cfg, delay):
    await asyncio.sleep(delay)
    cfg.tags.append(f"w{delay}")
    return cfg


async def main():
    base = Config("base", ["a"], {"retries": 3})
    shallow = copy.copy(base)
    deep = copy.deepcopy(base)
    print(shallow == base, shallow is base, shallow.tags is base.tags, deep.tags is base.tags)
    results = await asyncio.gather(worker(copy.deepcopy(base), 0.2), worker(copy.deepcopy(base), 0.1))
    print([r.tags for r in results], base.tags)
    shallow.tags.append("shared")
    print(base.tags, deep.tags)

    nested = {"a": [1, 2, {"b": [3]}], "t": (1, [2]), "s": {1, 2}}
    c = copy.copy(nested)
    d = copy.deepcopy(nested)
    nested["a"][2]["b"].append(4)
    nested["t"][1].append(5)
    print(c)
    print(d)
    print(c["a"] is nested["a"], d["a"] is nested["a"], d["t"] is nested["t"])
    t = (1, "x", (2, 3))
    print(copy.deepcopy(t) is t, copy.copy(t) is t, copy.copy(5), copy.deepcopy("s"))

    shared = [1, 2]
    pair = [shared, shared]
    dp = copy.deepcopy(pair)
    print(dp[0] is dp[1], dp[0] is shared)
    cyc = [1]
    cyc.append(cyc)
    dc = copy.deepcopy(cyc)
    print(dc[1] is dc, dc is cyc, dc)
    d1 = {"k": None}
    d1["k"] = d1
    dd = copy.deepcopy(d1)
    print(dd["k"] is dd, dd)

    root = Node(1)
    child = Node(2)
    child.parent = root
    root.children.append(child)
    root2 = copy.deepcopy(root)
    print(root2, root2.children[0].parent is root2, root2 is root)
    root3 = copy.copy(root)
    print(root3.children is root.children, root3.value)

    dq = deque([[1], [2]], maxlen=3)
    dq2 = copy.deepcopy(dq)
    dq3 = copy.copy(dq)
    dq[0].append(9)
    print(dq, dq2, dq3, dq2.maxlen)
    dfd = defaultdict(list, {"x": [1]})
    dfd2 = copy.deepcopy(dfd)
    dfd2["y"].append(2)
    print(dfd2, dfd)
    cnt = Counter("abca")
    print(copy.copy(cnt), copy.deepcopy(OrderedDict(a=1, b=2)))
    p = Point(1, [2])
    p2 = copy.deepcopy(p)
    p.y.append(3)
    print(p, p2, copy.copy(p) == p)
    fz = Frozen(1, (2, 3))
    print(copy.deepcopy(fz), copy.copy(fz) == fz)
    print(copy.copy(Custom(1)).v, copy.deepcopy(Custom(1)).v)
    print(copy.deepcopy([Custom(0)])[0].v)
    s = {1, 2, (3, 4)}
    print(sorted(copy.deepcopy(s), key=str), copy.copy(s) == s)
    task_list = [asyncio.create_task(asyncio.sleep(0))]
    copied = copy.copy(task_list)
    print(copied[0] is task_list[0])
    await asyncio.gather(*task_list)
    try:
        copy.copy()
    except TypeError as e:
        print("TypeError", e)


asyncio.run(main())
