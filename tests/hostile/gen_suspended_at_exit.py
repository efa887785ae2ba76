# A generator still suspended when the run ended was closed while the
# thread was ending, which aborted the process.
def walk(n):
    try:
        yield n
        yield from walk(n - 1)
    finally:
        pass


g = walk(50)
for _ in range(20):
    next(g)
print("left suspended")
