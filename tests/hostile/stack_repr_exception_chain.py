e = None
for i in range(10**5):
    e = ValueError(e)
print(len(repr(e)))
