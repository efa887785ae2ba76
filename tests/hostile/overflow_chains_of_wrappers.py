# Each of these wraps the last one a few hundred thousand times; freeing the
# chain once freed each link inside the last (a native stack overflow).
# Found by `cargo xtask fuzz 900 --seed 20261214` (lru_cache), the rest by
# reading which objects hold a value.
import contextlib
import contextvars
import dataclasses
import functools

N = 200_000
makers = [
    staticmethod,
    classmethod,
    property,
    contextlib.nullcontext,
    contextlib.closing,
    contextlib.suppress,
    contextlib.contextmanager,
    functools.cache,
    lambda f: functools.wraps(f)(lambda: 0),
    lambda f: dataclasses.field(default=f),
    lambda f: contextvars.ContextVar("v", default=f),
]
for make in makers:
    f = print
    for i in range(N):
        f = make(f)
    del f

var = contextvars.ContextVar("v")
token = None
for i in range(N):
    token = var.set(token)
del token

stack = contextlib.ExitStack()
for i in range(N):
    outer = contextlib.ExitStack()
    outer.push(stack)
    stack = outer
del stack, outer

C = None
for i in range(N):
    class C:
        before = C
del C
print("freed")
