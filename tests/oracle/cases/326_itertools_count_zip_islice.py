import itertools

names = ["ann", "bob", "cy"]
# An infinite count() inside zip ends with the shortest input.
for i, name in zip(itertools.count(1), names):
    print(i, name)
print(list(itertools.islice(itertools.count(), 5)))
print(list(itertools.islice(itertools.count(10, 2.5), 3)))
print(list(itertools.islice("abcdefgh", 1, 7, 2)))
print(list(itertools.islice(itertools.cycle("xyz"), 7)))
print(list(itertools.repeat("-", 4)), list(map(pow, range(4), itertools.repeat(2))))
it = itertools.count(100)
print(next(it), next(it), next(it))
print(dict(zip(names, itertools.count())))
print(list(enumerate(itertools.islice(itertools.count(0, 7), 3), start=1)))
