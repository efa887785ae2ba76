def inner():
    try:
        while True:
            try:
                yield "inner"
            except ValueError as e:
                print("inner handled", e)
                yield "recovered"
    finally:
        print("inner finally")


def outer():
    try:
        result = yield from inner()
        print("never", result)
    finally:
        print("outer finally")


g = outer()
print(next(g))
print(g.throw(ValueError("oops")))
print(next(g))
g.close()
print("done")
