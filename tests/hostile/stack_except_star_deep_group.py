e = ValueError(0)
for i in range(10**5):
    e = ExceptionGroup("g", [e])
try:
    raise e
except* ValueError as g:
    print("caught", len(repr(g)) > 0)
