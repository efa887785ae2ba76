from contextlib import ExitStack, contextmanager


@contextmanager
def resource(name):
    print("open", name)
    try:
        yield name
    finally:
        print("close", name)


with ExitStack() as stack:
    names = [stack.enter_context(resource(n)) for n in ["a", "b", "c"]]
    stack.callback(print, "callback runs first", "before the resources close")
    print("using", names)

try:
    with ExitStack() as stack:
        stack.enter_context(resource("x"))
        stack.callback(print, "cleanup on error")
        raise ValueError("inside")
except ValueError as e:
    print("propagated:", e)


@contextmanager
def swallow():
    try:
        yield
    except KeyError:
        print("swallowed KeyError")


with ExitStack() as stack:
    stack.enter_context(swallow())
    stack.enter_context(resource("y"))
    raise KeyError("k")
print("went on")
