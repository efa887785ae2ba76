# min() and max() without arguments, and dict() from bad pairs, fail with
# CPython's messages.
for make in [lambda: min(), lambda: max(), lambda: dict([(1, 2, 3)]), lambda: dict([([1], 2)]), lambda: dict([(1, 2), "ab", (3,)])]:
    try:
        print(make())
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
