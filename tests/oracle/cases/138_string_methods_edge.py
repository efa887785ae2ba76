s = "  Hello, World  "
print(repr(s.strip()), repr(s.lstrip()), repr(s.rstrip()), repr("xxhixx".strip("x")))
print("a,b,,c".split(","), "a b  c".split(), "a,b,c".split(",", 1), "".split(","), "".split())
print("-".join(["a", "b", "c"]), "".join([]), ", ".join(str(i) for i in range(3)))
print("hello".replace("l", "L"), "hello".replace("l", "L", 1), "abc".upper(), "ABC".lower(), "hello world".title())
print("hello".find("l"), "hello".find("z"), "hello".index("o"), "hello".count("l"), "hello".rfind("l"))
print("hello".startswith("he"), "hello".endswith(("lo", "x")), "abc".isalpha(), "123".isdigit(), " ".isspace())
print("ab".center(6, "*"), "ab".ljust(4, "."), "ab".rjust(4), "42".zfill(5), "-42".zfill(5))
print("a\nb\n".splitlines(), "x".join("abc"), "abc" * 2, "abc"[::-1], "a" + "b" * 3)
print("Hello".swapcase(), "hello world".capitalize(), "a-b-c".partition("-"), "a-b-c".rpartition("-"))
print(sorted("banana"), list("abc"), "b" in "abc", "abc" < "abd", "Z" < "a", ord("a") if False else "skip")
print(str(12).rjust(5, "0"), "tab\tsep", "x".isupper(), "X".isupper(), "abc".islower())
print(repr("%"), "100%", "{0}-{0}".format("r"), "{:>5}|{:<5}|".format("a", "b"), "{!r}".format("q"))
words = "the quick brown fox jumps over the lazy dog".split()
counts = {}
for w in words:
    counts[w] = counts.get(w, 0) + 1
print(counts)
print(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3])
print(max(words, key=len), sorted(words, key=len)[:3], [w[0].upper() + w[1:] for w in words[:3]])
