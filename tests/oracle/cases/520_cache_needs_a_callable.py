import functools

for v in (None, 3, "x", [1]):
    for make in (functools.cache, functools.lru_cache(maxsize=3), functools.lru_cache(maxsize=None)):
        try:
            make(v)
            print("made")
        except TypeError as e:
            print(type(e).__name__, e)


class Callable:
    def __call__(self, x):
        return x * 2


cached = functools.cache(Callable())
print(cached(4), cached(4), cached.cache_info().hits)
