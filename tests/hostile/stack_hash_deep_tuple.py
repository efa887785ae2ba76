x = 0
for i in range(10**5):
    x = (x,)
try:
    print(hash(x))
except RecursionError as e:
    print("RecursionError:", e)
d = {}
try:
    d[x] = 1
except (TypeError, RecursionError) as e:
    print(type(e).__name__, e)
