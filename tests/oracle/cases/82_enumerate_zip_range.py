print(list(range(5)), list(range(2, 10, 3)), list(range(10, 0, -3)), list(range(0)))
for i, ch in enumerate("abc"):
    print(i, ch)
for i, ch in enumerate("xy", start=1):
    print(i, ch)
names = ["a", "b", "c"]
ages = [1, 2]
print(list(zip(names, ages)))
for name, age, flag in zip(names, ages, [True, False, True]):
    print(name, age, flag)
print(len(range(0, 100, 7)), range(10)[3], sum(range(101)))
print(list(enumerate(zip("pq", "rs"))))
