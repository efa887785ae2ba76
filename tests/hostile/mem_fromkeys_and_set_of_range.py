# Built-ins that build a collection item by item read the memory gauge
# as they go: this once took 10 s and 1.8 GiB before any limit noticed.
print(dict.fromkeys(range(10**7), "x"))
print(set(range(10**7)))
