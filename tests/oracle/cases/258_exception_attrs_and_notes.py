class QuotaError(Exception):
    code = 429

    def retry_after(self):
        return 30


try:
    raise QuotaError("too many requests")
except QuotaError as e:
    print(e.code, e.retry_after(), e, type(e).code)
    e.extra = "set later"
    print(e.extra)


class Wrapped(Exception):
    def __init__(self, inner):
        self.inner = inner
        super().__init__(inner)


w = Wrapped(KeyError("k"))
print(repr(w), str(w), repr(w.inner))
