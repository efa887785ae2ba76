def selfish():
    yield 1
    print("trying to resume myself")
    next(me)
    yield 2


me = selfish()
print(next(me))
try:
    next(me)
except ValueError as e:
    print("ValueError:", e)
print(list(me))
