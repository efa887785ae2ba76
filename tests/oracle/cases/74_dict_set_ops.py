d = {"b": 2, "a": 1}
d["c"] = 3
d["a"] = 10
print(d, len(d), "a" in d, "z" not in d)
print(list(d.keys()), list(d.values()), list(d.items()))
print(d.get("z"), d.get("z", 0), d.pop("b"), d)
d.setdefault("d", []).append(4)
d.update({"e": 5})
print(d)
for key, value in sorted(d.items()):
    print(key, "->", value)
counts = {}
for word in "the cat and the hat and the bat".split():
    counts[word] = counts.get(word, 0) + 1
print(counts)
s = {3, 1, 2}
t = {2, 3, 4}
print(sorted(s | t), sorted(s & t), sorted(s - t), sorted(s ^ t))
s.add(9)
s.discard(1)
print(sorted(s), 9 in s, len(s))
print(dict(zip(["x", "y"], [1, 2])), dict(a=1, b=2))
