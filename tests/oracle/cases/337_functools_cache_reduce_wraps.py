import functools


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


fib = functools.lru_cache(maxsize=None)(fib)
print(fib(40), fib.cache_info())


def slow_square(n):
    print("computing", n)
    return n * n


square = functools.lru_cache(maxsize=2)(slow_square)
for n in [1, 2, 1, 3, 2, 1]:
    print(square(n))
print(square.cache_info(), square.cache_info().hits)
square.cache_clear()
print(square.cache_info())
total = functools.cache(lambda a, b=0: a + b)
print(total(1, b=2), total(1, b=2), total.cache_info().misses)
print(functools.reduce(lambda acc, x: acc * x, range(1, 6)))
print(functools.reduce(lambda acc, x: acc + [x * 2], [1, 2, 3], []))
try:
    functools.reduce(max, [])
except TypeError as e:
    print("TypeError:", e)


def logged(f):
    def wrapper(*args, **kwargs):
        print("calling", f.__name__, args)
        return f(*args, **kwargs)

    return functools.wraps(f)(wrapper)


def add(a, b):
    return a + b


add2 = logged(add)
print(add2(2, 3), add2.__name__, add2.__qualname__, add2.__wrapped__ is add)
