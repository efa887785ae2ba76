it = iter([1])
# Lazy iterators wrapped 100 000 deep: stepping or freeing the outermost
# would walk them all on the native stack.
for i in range(100000):
    it = zip(it)
print(list(it))
