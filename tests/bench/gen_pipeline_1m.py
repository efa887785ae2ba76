# A generator pipeline: the sum over a generator of a million items, each
# produced by a generator feeding a generator expression.
def numbers(n):
    for i in range(n):
        yield i


print(sum(x * 2 % 7 for x in numbers(1_000_000)))
