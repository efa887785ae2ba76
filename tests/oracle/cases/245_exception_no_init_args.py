class Simple(Exception):
    pass


e = Simple("a", 2)
print(e.args, str(e), repr(e), str(Simple()), repr(Simple()))
try:
    raise Simple
except Simple as x:
    print("class raised", repr(x))
try:
    raise Simple("one")
except (KeyError, Simple) as x:
    print("tuple caught", x)
print(Simple.__name__, Simple.__mro__)
raise Simple("unhandled", 1)
