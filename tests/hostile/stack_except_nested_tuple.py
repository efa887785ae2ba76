t = ValueError
for i in range(10**5):
    t = (t,)
try:
    raise KeyError(1)
except t:
    print("caught")
except Exception as e:
    print("other", type(e).__name__)
print(isinstance(1, t))
