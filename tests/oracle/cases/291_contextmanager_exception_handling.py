import contextlib


@contextlib.contextmanager
def swallow(kind):
    try:
        yield
    except kind as e:
        print("swallowed", type(e).__name__, e)


with swallow(KeyError):
    {}["missing"]
print("went on after KeyError")

try:
    with swallow(KeyError):
        1 / 0
except ZeroDivisionError as e:
    print("not swallowed:", e)


@contextlib.contextmanager
def translate():
    try:
        yield
    except KeyError as e:
        raise LookupError(f"translated {e}") from e


try:
    with translate():
        {}["k"]
except LookupError as e:
    print(type(e).__name__, e, type(e.__cause__).__name__)


def plain():
    print("setting up")
    yield 5
    print("tearing down")


cm = contextlib.contextmanager(plain)
with cm() as v:
    print("value", v)
