def inner(n):
    for i in range(n):
        got = yield i
        if got:
            print("inner got", got)
    return n * 100


def outer():
    a = yield from inner(2)
    print("first inner returned", a)
    b = yield from inner(1)
    print("second inner returned", b)
    yield from [7, 8]
    return a + b


g = outer()
print(next(g))
print(g.send("hi"))
print(next(g))
print(next(g))
print(next(g))
try:
    next(g)
except StopIteration as e:
    print("outer returned", e.value)
