# yield from, 5000 generators deep: RecursionError, as in CPython.
def walk(n):
    if n > 0:
        yield n
        yield from walk(n - 1)


print(sum(walk(5000)))
