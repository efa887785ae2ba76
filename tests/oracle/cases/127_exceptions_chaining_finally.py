def f(n):
    try:
        print("try", n)
        if n == 1:
            raise ValueError("one")
        if n == 2:
            return "returned from try"
    except ValueError as e:
        print("except", e)
        return "returned from except"
    else:
        print("else", n)
    finally:
        print("finally", n)
    return "after"


for n in range(3):
    print(f(n))


def g():
    try:
        return "try"
    finally:
        print("finally overrides")
        return "finally"


print(g())
try:
    try:
        {}["missing"]
    except KeyError as e:
        raise RuntimeError("wrapped") from e
except RuntimeError as e:
    print(repr(e), repr(e.__cause__), e.__cause__ is not None)
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("during handling")
except ValueError as e:
    print(repr(e), type(e.__context__).__name__)
try:
    raise ValueError("a", 2)
except Exception as e:
    print(e, e.args, repr(e), str(e))
try:
    [1, 2][5]
except (KeyError, IndexError) as e:
    print("tuple except:", type(e).__name__, e)
try:
    int("x")
except ValueError as e:
    print(e)
try:
    raise KeyError("k")
except KeyError as e:
    print(str(e), repr(e))
count = 0
while True:
    try:
        count += 1
        if count < 3:
            continue
        break
    finally:
        print("loop finally", count)


def outer():
    total = 0

    def bump(k):
        nonlocal total
        total += k
        return total

    for k in range(4):
        bump(k)
    return total


print(outer())
try:
    raise TypeError
except TypeError as e:
    print("bare class:", repr(e), str(e) == "")
