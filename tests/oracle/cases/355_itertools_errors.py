import itertools

for make in [
    lambda: itertools.islice([1, 2], -1),
    lambda: itertools.islice([1, 2], 0, 5, 0),
    lambda: list(itertools.batched("abc", 0)),
    lambda: list(itertools.combinations([1, 2], -1)),
    lambda: next(itertools.count(), 7),
    lambda: list(itertools.repeat(1, -3)),
]:
    try:
        print(make())
    except ValueError as e:
        print("ValueError:", e)
print(list(itertools.islice(range(5), 10)))
empty = iter([])
print(list(itertools.chain(empty, [])), list(itertools.zip_longest()), list(itertools.product([])))
it = map(int, ["1", "x"])
print(next(it))
next(it)
