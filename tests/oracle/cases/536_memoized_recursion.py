import functools

@functools.lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)

print(fib(300), fib.cache_info())

import functools
try:
    functools.lru_cache(e=None)
except TypeError as x:
    print(x)
@functools.lru_cache(maxsize=2, typed=True)
def sq(x):
    print("computing", x)
    return x * x
print([sq(i % 3) for i in range(6)], sq.cache_info())
