def accumulator():
    total = 0
    while True:
        value = yield total
        if value is None:
            return total
        total += value


acc = accumulator()
print(next(acc))
print(acc.send(5))
print(acc.send(10))
try:
    acc.send(None)
except StopIteration as e:
    print("finished with", e.value, e.args)
try:
    next(acc)
except StopIteration as e:
    print("again:", repr(e.value))
