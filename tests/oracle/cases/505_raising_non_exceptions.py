# Only exceptions are raised: `raise 5`, `gen.throw(7)` and a context
# manager's `__exit__` told of a non-exception are TypeErrors that an
# `except` clause catches (a value that was not an exception used to pass
# every `except` clause, even `except BaseException`).
import contextlib


def numbers():
    try:
        yield 1
    finally:
        print("numbers closed")


@contextlib.contextmanager
def managed():
    yield "resource"


try:
    raise 5
except TypeError as e:
    print("raise:", e)

it = numbers()
next(it)
try:
    it.throw(7)
except TypeError as e:
    print("throw:", e)
it.close()

cm = managed()
cm.__enter__()
try:
    cm.__exit__(ValueError, 5, None)
except TypeError as e:
    print("__exit__:", e)
except BaseException as e:
    print("other:", type(e).__name__)
print("done")
