def source():
    for i in range(3):
        print("source produces", i)
        yield i


squares = (x * x for x in source())
print("genexp created")
for s in squares:
    print("square", s)
print("second pass:", list(squares))
g = (c.upper() for c in "hey")
print(type(g).__name__, next(g), next(g))
print(list(g))
