def gen():
    yield 1


async def agen():
    yield 1


def outer():
    def inner():
        yield 2
    return inner()


g = gen()
print(type(g).__name__, g.__name__, g.__qualname__)
print(repr(g).split(" at ")[0])
print(repr(outer()).split(" at ")[0])
print(repr(x for x in []).split(" at ")[0])
a = agen()
print(type(a).__name__, a.__name__)
print(repr(a).split(" at ")[0])
print(iter(g) is g)
print(g.gi_running)
