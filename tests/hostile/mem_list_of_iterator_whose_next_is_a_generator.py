# Found by `cargo xtask fuzz` (seed 20261205): `__next__` written as a
# generator function returns a new generator on every call and never raises
# StopIteration, so list() of the iterator grows forever (CPython runs out of
# memory).  No Python code runs per item, so neither the operations count nor
# the memory gauge was read: 3 GiB and 11 s before the collection limit.
class Countdown:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        yield


print(list(Countdown(3)))
