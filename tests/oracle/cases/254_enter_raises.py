class Guard:
    def __init__(self, ok):
        self.ok = ok

    def __enter__(self):
        if not self.ok:
            raise RuntimeError("cannot enter")
        return "entered"

    def __exit__(self, *exc):
        print("exit called", exc[0])


with Guard(True) as g:
    print(g)
try:
    with Guard(False) as g:
        print("never")
except RuntimeError as e:
    print("caught", e)


class NotIterable:
    pass


try:
    for x in NotIterable():
        pass
except TypeError as e:
    print(e)
try:
    len(NotIterable())
except TypeError as e:
    print(e)
try:
    NotIterable()[0]
except TypeError as e:
    print(e)
