import itertools

# One group of an endless run of equal items: read to its end, it would
# fill memory; it stops at the materialisation limit.
print(next(itertools.groupby(itertools.repeat(1))))
