def resilient():
    attempts = 0
    while True:
        try:
            yield attempts
        except ValueError as e:
            print("generator caught", repr(e))
            attempts += 1
        except KeyError:
            print("key error: giving up")
            return "gave up"


g = resilient()
print(next(g))
print(g.throw(ValueError("bad value")))
print(g.throw(ValueError("worse")))
try:
    g.throw(KeyError("k"))
except StopIteration as e:
    print("stopped:", e.value)
try:
    g.throw(ValueError("after the end"))
except ValueError as e:
    print("raised at the caller:", e)
