from collections import OrderedDict


class_capacity = 3
cache = OrderedDict()


def get(key):
    if key in cache:
        cache.move_to_end(key)
        return cache[key]
    value = key.upper()
    cache[key] = value
    if len(cache) > class_capacity:
        evicted = cache.popitem(last=False)
        print("evicted", evicted)
    return value


for k in ["a", "b", "c", "a", "d", "b", "e"]:
    print(k, get(k), list(cache))
print(cache, OrderedDict(), OrderedDict([("x", 1)]) == {"x": 1})
