def leaky(items):
    it = iter(items)
    while True:
        yield next(it)


print(list(leaky([])) if False else "start")
g = leaky([1, 2])
print(next(g), next(g))
try:
    next(g)
except RuntimeError as e:
    print("RuntimeError:", e)
    print("cause:", type(e.__cause__).__name__)
for x in leaky([3]):
    print(x)
