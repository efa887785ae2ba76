def worker():
    print("open resource")
    try:
        for i in range(100):
            yield i
    finally:
        print("release resource")


w = worker()
print(next(w), next(w))
w.close()
print("closed")
w.close()
print("closing twice is fine")
try:
    next(w)
except StopIteration:
    print("exhausted after close")
fresh = worker()
fresh.close()
print("a generator closed before starting never runs")
