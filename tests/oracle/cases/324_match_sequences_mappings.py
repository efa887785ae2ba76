def shape(v):
    match v:
        case []:
            return "empty"
        case [x]:
            return f"one {x}"
        case [x, y]:
            return f"two {x},{y}"
        case [first, *middle, last]:
            return f"first={first} middle={middle} last={last}"
        case {"id": ident, "tags": [*tags]}:
            return f"id {ident} tags {tags}"
        case {"id": ident, **rest} if rest:
            return f"id {ident} with {sorted(rest)}"
        case {}:
            return "some mapping"
        case _:
            return "scalar"


for v in [[], (5,), [1, 2], (1, 2, 3, 4), range(3), "ab", {"id": 1, "tags": ["a", "b"]},
          {"id": 2, "x": 1, "y": 2}, {"id": 3}, {}, 9]:
    print(repr(v), "->", shape(v))


def point(p):
    match p:
        case (0, 0):
            return "origin"
        case (0, y) | (y, 0):
            return f"on an axis at {y}"
        case (x, y) if x == y:
            return f"diagonal {x}"
        case (x, [a, b]):
            return f"nested {x} {a} {b}"
        case (_, _):
            return "somewhere"


for p in [(0, 0), (0, 4), (3, 0), (2, 2), (1, [2, 3]), (1, 2)]:
    print(p, point(p))
