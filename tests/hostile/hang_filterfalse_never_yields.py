import itertools

# A lazy iterator that never yields: one step runs until the operations limit.
print(next(itertools.filterfalse(None, itertools.repeat(1))))
