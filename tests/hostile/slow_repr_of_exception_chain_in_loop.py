e=None
for i in range(10**5):
    if True:e=ValueError(e)
    int(len(repr(e)))