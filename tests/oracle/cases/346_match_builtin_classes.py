def kind(v):
    match v:
        case bool(b):
            return f"bool {b}"
        case int(i):
            return f"int {i}"
        case float(f) if f != f:
            return "nan"
        case float():
            return "float"
        case str() if not v:
            return "empty str"
        case list([x, *_]):
            return f"list starting {x}"
        case list():
            return "empty list"
        case tuple((a, b)):
            return f"pair {a} {b}"
        case dict({"k": val}):
            return f"dict with k={val}"
        case dict():
            return "other dict"
        case set():
            return "a set"
        case _:
            return f"something else: {type(v).__name__}"


for v in [True, 3, float("nan"), 1.5, "", [7, 8], [], (1, 2), (1, 2, 3), {"k": 1}, {}, {1}, None]:
    print(repr(v), "->", kind(v))
