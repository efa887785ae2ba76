d = {}
for i in range(10**5):
    d = {1: d}.values()
print(len(repr(d)))
