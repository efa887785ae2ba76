xs = list(range(10))
print(xs[::2], xs[1::3], xs[::-1], xs[-3:], xs[:-7:-2], xs[8:2:-2], xs[100:], xs[-100:2])
s = "abcdefghij"
print(s[::3], s[::-2], s[2:-2], s[-1], s[5:1], s[:0] == "")
t = (5, 3, 8, 1)
print(t[1:3], t[::-1], sorted(t), sorted(t, reverse=True))
words = ["banana", "Apple", "cherry", "apple", "fig", "Banana"]
print(sorted(words))
print(sorted(words, key=len))
print(sorted(words, key=lambda w: (w.lower(), w)))
print(sorted(words, key=len, reverse=True))
print(max(words, key=len), min(words, key=lambda w: w[-1]))
pairs = [(2, "b"), (1, "z"), (2, "a"), (1, "a")]
print(sorted(pairs), sorted(pairs, key=lambda p: p[1]), sorted(pairs, key=lambda p: -p[0]))
print([x * x for x in xs if x % 2 == 1 if x > 2])
print([(i, j) for i in range(3) for j in range(i) if i + j != 2])
print({k: v for k, v in zip("abc", range(3)) if v != 1})
print(sorted({x % 4 for x in xs}), [[j for j in range(i)] for i in range(4)])
d = {}
d["z"] = 1
d["a"] = 2
d["m"] = 3
d["z"] = 4
del d["a"]
d["a"] = 5
print(d, list(d), list(d.values()), list(d.items())[0])
print(dict(zip(["x", "y"], [1, 2])), d.get("q", "none"), d.pop("m"), d)
for i, (k, v) in enumerate(d.items(), start=1):
    print(i, k, v)
print(list(zip([1, 2, 3], "ab")), list(enumerate("xy")), sum(x for x in range(5)))
m = [[1, 2, 3], [4, 5, 6]]
print([list(r) for r in zip(*m)], [row[::-1] for row in m][::-1])
a = [1, 2, 3, 4, 5]
a[1:3] = ["x"]
print(a, a * 2, [0] * 3, a.index("x"), a.count(5))
