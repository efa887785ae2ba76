def echo():
    while True:
        received = yield
        print("echo", received)


g = echo()
try:
    g.send("too early")
except TypeError as e:
    print("TypeError:", e)
g.send(None)
g.send("now fine")
g.send(42)
