# Found by the library-object method sweep (crates/py/src/runtime/library/members.rs):
# ExitStack.callback() and push_async_callback() with no argument sliced the
# arguments past their end and panicked. CPython raises TypeError.
import contextlib

with contextlib.ExitStack() as stack:
    try:
        stack.callback()
    except TypeError as e:
        print(e)
    stack.callback(print, "called on exit")
