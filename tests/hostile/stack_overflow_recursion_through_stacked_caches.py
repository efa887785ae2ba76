# Found by `cargo xtask fuzz 600 --seed 20261217`: a recursive function
# behind 46 stacked caches called each cache natively, and each recursion
# level went through all of them on the native stack, which overflowed.
# A cached function's body now runs on the caller's stack like any call,
# and a chain of wrappers calling one another is bounded.
import functools

def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)

for _ in range(46):
    fib = functools.lru_cache(None)(fib)
print(fib(20))

def forever(n):
    return forever(n + 1)

for _ in range(46):
    forever = functools.lru_cache(None)(forever)
try:
    forever(0)
except RecursionError:
    print("RecursionError")

def chain(x):
    return x

for _ in range(5000):
    chain = functools.wraps(chain)(functools.lru_cache(None)(chain))
try:
    chain(1)
except RecursionError:
    print("RecursionError")
