def noisy(x):
    print("calling", x)
    return x * 2


m = map(noisy, [1, 2, 3])
print("map made, nothing called yet")
print(next(m))
print(list(m))
f = filter(lambda v: v > 1, [0, 1, 2, 3])
print("filter made")
print(list(f), list(f))
z = zip([1, 2, 3], "ab")
print(list(z))
e = enumerate("xy")
print(next(e), list(e))
try:
    print(list(zip([1, 2], [1], strict=True)))
except ValueError as err:
    print("ValueError:", err)
print(list(zip([1], [2, 3], strict=False)))
print(list(zip((1, 2), [3, 4], strict=True)))
print(list(zip([1], [2, 3], strict=True)))
