people = [("ann", 31), ("bob", 25), ("cid", 31), ("dee", 19)]
print(sorted(people, key=lambda p: p[1]))
print(sorted(people, key=lambda p: (-p[1], p[0])))
print(sorted([3, 1, 2], reverse=True))
print(min(people, key=lambda p: p[1]), max(people, key=lambda p: p[1]))
print(min(4, 2, 8), max([1, 5, 3]), min("hello"), max("abc", "abd"))
double = lambda x: x * 2
compose = lambda f, g: lambda x: f(g(x))
print(double(21), compose(double, lambda x: x + 1)(4))
words = ["banana", "Apple", "cherry"]
print(sorted(words), sorted(words, key=lambda w: w.lower()), sorted(words, key=len))
