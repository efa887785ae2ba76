def classify(x):
    match x:
        case 0 | 1 | 2 as small:
            return f"small {small}"
        case int(n) if n < 0:
            return f"negative {n}"
        case int() | float() as num if num > 100:
            return f"big {num}"
        case float(f):
            return f"float {f}"
        case True:
            return "never: 1 matched first"
        case None:
            return "none"
        case str() as s if s.isdigit():
            return f"digits {s}"
        case str(s):
            return f"text {s!r}"
        case _:
            return f"other {type(x).__name__}"


for v in [0, 2, -7, 500, 3.5, 250.0, None, "123", "abc", [1], 7]:
    print(repr(v), "->", classify(v))
print(classify(True), classify(False))
