def checks(values):
    for v in values:
        print("checking", v)
        yield v > 2


print(any(checks([1, 5, 9])))
print(all(checks([3, 1, 9])))
print(any(checks([])))
print(all(x < 10 for x in [1, 2, 3]))
lazy = (print("eval", i) or i for i in range(3))
print("nothing evaluated yet")
print(next(lazy))
print(list(lazy))
