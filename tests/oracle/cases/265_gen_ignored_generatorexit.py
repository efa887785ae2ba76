def stubborn():
    while True:
        try:
            yield "tick"
        except GeneratorExit:
            print("I refuse to stop")


s = stubborn()
print(next(s))
try:
    s.close()
except RuntimeError as e:
    print("RuntimeError:", e)
print(next(s))
