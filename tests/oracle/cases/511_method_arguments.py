import asyncio


def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)


S = "a,b,,c  d\tе,f"


async def main():
    await asyncio.sleep(0)
    show("split", lambda: (S.split(","), S.split(",", 1), S.split(maxsplit=1), S.split(None, 2), S.split(",", -1), S.rsplit(",", 2), S.rsplit(maxsplit=1)))
    show("split empty sep", lambda: S.split(""))
    show("strip", lambda: ("xxhixx".strip("x"), "xyhiyx".lstrip("xy"), "hi!!".rstrip("!"), "  hi ".strip(None), "abc".strip("")))
    show("replace", lambda: ("aaaa".replace("a", "b", 2), "aaaa".replace("a", "b", 0), "aaaa".replace("a", "b", -1), "abc".replace("", "-"), "abc".replace("", "-", 2)))
    show("justify", lambda: ("ab".center(7, "*"), "ab".center(6), "ab".ljust(5, "-"), "ab".rjust(5, "0"), "-42".zfill(6), "+7".zfill(4), "abc".center(2)))
    show("justify bad fill", lambda: "ab".center(7, "**"))
    show("partition", lambda: ("a=b=c".partition("="), "a=b=c".rpartition("="), "abc".partition("x"), "abc".rpartition("x")))
    show("partition empty", lambda: "abc".partition(""))
    show("splitlines", lambda: ("a\nb\r\nc\rd\n".splitlines(), "a\nb\n".splitlines(True), "a\nb".splitlines(keepends=True), "".splitlines()))
    show("expandtabs", lambda: ("a\tb\tc".expandtabs(), "a\tbc\td".expandtabs(4), "\tx".expandtabs(0), "ab\n\tc".expandtabs(3)))
    show("rindex", lambda: ("abcabc".rindex("b"), "abcabc".rindex("b", 0, 4), "abcabc".index("c", 3)))
    show("rindex missing", lambda: "abcabc".rindex("b", 5))
    show("prefix", lambda: ("prefix_x".removeprefix("prefix_"), "x".removeprefix("y"), "a.py".removesuffix(".py"), "a.py".removesuffix("")))
    show("case", lambda: ("ßtraße".casefold(), "HeLLo".swapcase(), "hello world".capitalize(), "o'neil is_here".title(), "ǅ".lower()))
    show("predicates", lambda: ("123".isdigit(), "١٢".isdecimal(), "½".isnumeric(), "abc1".isalnum(), "Title Case".istitle(), " \t".isspace(), "".isalpha(), "_x1".isidentifier(), "ABC".isupper(), "abc".islower(), "\x7f".isprintable()))
    show("join", lambda: ("-".join(["a", "b"]), "".join(iter("xyz")), ", ".join(str(i) for i in range(3))))
    show("join bad", lambda: "-".join(["a", 1]))
    show("format", lambda: ("{} {}".format(1, 2), "{1}{0}".format("a", "b"), "{x:>4}".format(x=7), "{:,}".format(1234567), "{0[1]}".format([5, 6]), "{!r:^7}".format("q")))
    show("format bad", lambda: "{} {}".format(1))
    show("format path", lambda: ("{0.real}".format(5), "{d[k]}-{d[k][0]}".format(d={"k": "xy"}), "{0[0][1]}".format([[1, 2]]), "{x.imag}".format(x=3)))
    show("format path missing", lambda: "{0[5]}".format([1]))
    show("format path attr", lambda: "{0.nope}".format(1))
    show("more predicates", lambda: ("a1".isidentifier(), "1a".isidentifier(), "".isidentifier(), "é_x".isidentifier(), "ab c".isprintable(), "a\nb".isprintable(), "".isprintable(), "\u200b".isprintable(), "A B".istitle(), "AB".istitle(), "".istitle(), "Ab Cd1".istitle()))
    show("expandtabs kw", lambda: ("a\tb".expandtabs(tabsize=2), "a\r\tb".expandtabs(4)))
    show("splitlines more", lambda: ("a\x0bb\x0cc\x1cd\u2028e\x85f".splitlines(), "a\r\n".splitlines(True), "\n\n".splitlines()))
    show("set multi", lambda: ({1}.union(), {1, 2}.intersection(), (lambda s: (s.update([2], (3,)), s)[1])({1})))
    show("list index", lambda: ([1, 2, 3, 2].index(2, 2), [1, 2, 3, 2].index(2, -2), [1, 2, 3].index(3, 0, 3)))
    show("list index missing", lambda: [1, 2, 3, 2].index(2, 0, 1))
    show("list pop", lambda: (lambda l: (l.pop(), l.pop(0), l.pop(-2), l))([1, 2, 3, 4, 5]))
    show("list pop bad", lambda: [].pop())
    show("list pop range", lambda: [1].pop(5))
    show("list insert", lambda: (lambda l: (l.insert(100, "end"), l.insert(-100, "start"), l.insert(1, "mid"), l)[-1])([1, 2]))
    show("list remove", lambda: (lambda l: (l.remove(2), l)[1])([1, 2, 3, 2]))
    show("list remove missing", lambda: [1].remove(5))
    show("list sort", lambda: (lambda l: (l.sort(key=len, reverse=True), l)[1])(["bb", "a", "ccc", "dd"]))
    show("list sort positional", lambda: [3, 1].sort(len))
    show("tuple index", lambda: ((1, 2, 3, 2).index(2, 2), (1, 2).count(2), (1, 2, 1).index(1, 1)))
    show("dict pop", lambda: (lambda d: (d.pop("a"), d.pop("zz", "default"), d))({"a": 1, "b": 2}))
    show("dict pop missing", lambda: {}.pop("k"))
    show("dict popitem", lambda: (lambda d: (d.popitem(), d))({"a": 1, "b": 2}))
    show("dict popitem empty", lambda: {}.popitem())
    show("dict setdefault", lambda: (lambda d: (d.setdefault("a", 5), d.setdefault("b"), d))({"a": 1}))
    show("dict update kw", lambda: (lambda d: (d.update({"b": 2}, c=3), d.update([("d", 4)]), d.update(e=5), d)[-1])({"a": 1}))
    show("dict update bad", lambda: {}.update([1]))
    show("dict update pair len", lambda: {}.update([(1, 2, 3)]))
    show("dict fromkeys", lambda: (dict.fromkeys("ab"), dict.fromkeys([1, 2], 0)))
    show("dict get", lambda: ({"a": 1}.get("a"), {"a": 1}.get("b"), {"a": 1}.get("b", 0)))
    show("set methods", lambda: ({1, 2}.union([3], (4,)), {1, 2, 3}.intersection([2, 3], {3}), {1, 2}.difference([1], [2]), {1}.issubset([1, 2]), {1, 2}.issuperset((1,)), {1}.isdisjoint([2])))
    show("set discard", lambda: (lambda s: (s.discard(5), s.remove(1), s)[-1])({1, 2}))
    show("set remove missing", lambda: {1}.remove(5))
    show("set pop empty", lambda: set().pop())
    show("int methods", lambda: ((255).bit_length(), (-5).bit_count() if hasattr(int, "bit_count") else 2, int("ff", 16), int("0b101", 0), int(" 7 "), int("1_000")))
    show("int bad", lambda: int("12", 1))
    show("int bad literal", lambda: int("1__0"))
    show("float methods", lambda: ((2.5).is_integer(), (3.0).is_integer(), float(" 1e3 "), float("-inf"), float("nan") != float("nan"), round(2.675, 2), round(0.5), round(1.5), round(-2.5), round(1234, -2)))
    show("round bad", lambda: round(1.5, 1.5))


asyncio.run(main())
