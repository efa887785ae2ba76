import asyncio


def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)


async def main():
    await asyncio.sleep(0)
    # Arguments a method does not take are an error, not ignored.
    show("upper", lambda: "a".upper(1))
    show("zfill", lambda: "7".zfill(3, 4))
    show("zfill none", lambda: "7".zfill())
    show("split", lambda: "a b".split(" ", 1, 2))
    show("strip", lambda: "a".strip("a", "b"))
    show("replace", lambda: "a".replace("a"))
    show("find", lambda: "a".find())
    show("find many", lambda: "a".find("a", 0, 1, 2))
    show("center", lambda: "a".center())
    show("append", lambda: [].append(1, 2))
    show("append none", lambda: [].append())
    show("pop", lambda: [1].pop(0, 1))
    show("insert", lambda: [1].insert(0))
    show("reverse", lambda: [1].reverse(1))
    show("copy", lambda: [1].copy(1))
    show("index", lambda: [1].index())
    show("count", lambda: [1].count())
    show("get", lambda: {}.get())
    show("get many", lambda: {}.get(1, 2, 3))
    show("keys", lambda: {}.keys(1))
    show("popitem", lambda: {1: 2}.popitem(1))
    show("update", lambda: {}.update({}, {}))
    show("add", lambda: set().add())
    show("discard", lambda: {1}.discard(1, 2))
    show("set pop", lambda: {1}.pop(1))
    show("tuple count", lambda: (1,).count())
    show("tuple index", lambda: (1,).index(1, 0, 1, 2))


asyncio.run(main())
