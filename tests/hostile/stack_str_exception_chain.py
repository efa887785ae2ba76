e = None
for i in range(10**5):
    e = ValueError(e)
s = str(e)
print(len(s))
