values = [1, 2.0, "s", None, True, [1], (1, 2), {"k": "v"}, {3}]
for v in values:
    print(repr(v), str(v), isinstance(v, int), isinstance(v, (list, tuple)))
print(repr("it's"), repr('say "hi"'), repr("tab\there"), repr("new\nline"))
print(str(["a", 'b"c']), repr([None, True, 1.5]))
print(isinstance(True, int), isinstance(1, float), isinstance(1.0, float), isinstance("x", str))
print(str(12), int("0012"), int(" 7 "), float("1e3"), str(-0.5), repr(1e100))
print(isinstance(ValueError("x"), Exception), isinstance(KeyError("x"), ValueError), isinstance(TimeoutError(), Exception))
print(len([1, [2, 3]]), len({"a": 1, "b": 2}), len(""), len((1,)))
