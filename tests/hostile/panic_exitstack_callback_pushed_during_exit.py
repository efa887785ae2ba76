# Found by `cargo xtask fuzz` (seed 20261204): ExitStack's exit held its list
# of callbacks borrowed while one ran, so a callback that pushed onto the same
# stack panicked ("RefCell already borrowed").  CPython runs the pushed one too.
from contextlib import ExitStack, contextmanager


@contextmanager
def resource(name):
    try:
        yield
    finally:
        print("exit", name)
        stack.callback(print, "pushed by", name)


try:
    with ExitStack() as stack:
        stack.enter_context(resource("a"))
        stack.callback(int, "")
        stack.enter_context(resource("b"))
except ValueError as e:
    print("ValueError:", e)
