def letters():
    for ch in "abc":
        print("yield", ch)
        yield ch


for i, ch in enumerate(letters(), start=1):
    print("enumerate", i, ch)
for n, ch in zip([10, 20], letters()):
    print("zip", n, ch)
for p in zip(letters(), letters()):
    print("pair", p)
print(list(enumerate(letters())))
