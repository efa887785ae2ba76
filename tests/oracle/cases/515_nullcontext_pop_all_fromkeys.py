import asyncio
import contextlib
from collections import Counter, OrderedDict, defaultdict


def show(label, f):
    try:
        print(label, repr(f()))
    except BaseException as e:
        print(label, type(e).__name__, e)


class Noisy:
    def __init__(self, name, log):
        self.name, self.log = name, log

    def __enter__(self):
        self.log.append("enter " + self.name)
        return self

    def __exit__(self, typ, value, tb):
        self.log.append(f"exit {self.name} {typ.__name__ if typ else None}")
        return False


def maybe_lock(lock):
    return lock if lock is not None else contextlib.nullcontext("no lock")


def sync_part():
    with contextlib.nullcontext() as x:
        print("nullcontext()", x)
    with contextlib.nullcontext(42) as x:
        print("nullcontext(42)", x)
    with contextlib.nullcontext(enter_result=[1]) as x:
        print("enter_result=", x)
    with maybe_lock(None) as x:
        print("maybe_lock", x)
    show("two values", lambda: contextlib.nullcontext(1, enter_result=2))
    show("too many", lambda: contextlib.nullcontext(1, 2))
    show("bad kw", lambda: contextlib.nullcontext(other=1))
    try:
        with contextlib.nullcontext():
            raise ValueError("not suppressed")
    except ValueError as e:
        print("nullcontext lets through", e)
    print("exit returns", contextlib.nullcontext().__exit__(None, None, None))

    log = []
    with contextlib.ExitStack() as stack:
        stack.enter_context(Noisy("a", log))
        stack.callback(log.append, "callback")
        kept = stack.pop_all()
        log.append("after pop_all")
    log.append("with ended")
    kept.close()
    print(log)

    log = []
    def on_exit(typ, value, tb):
        log.append(f"on_exit {typ.__name__ if typ else None}")
        return typ is KeyError
    with contextlib.ExitStack() as stack:
        print("push returns", stack.push(on_exit) is on_exit)
        n = Noisy("pushed", log)
        print("push cm returns", stack.push(n) is n)
        raise KeyError("x")
    print("suppressed by pushed", log)
    show("push no arg", lambda: contextlib.ExitStack().push())
    show("pop_all arg", lambda: contextlib.ExitStack().pop_all(1))

    c = Counter(a=3, b=1)
    alias = c
    c += Counter(b=2, c=1)
    print("+=", alias, alias is c)
    c -= Counter(a=1)
    print("-=", alias)
    c &= Counter(a=1, b=5)
    print("&=", alias)
    c |= Counter(z=4)
    print("|=", alias)
    same = Counter(x=2)
    same += same
    print("self +=", same)

    print(OrderedDict.fromkeys("abc"))
    print(OrderedDict.fromkeys([1, 2], 0))
    d = defaultdict.fromkeys(["k"], 1)
    print(d, d.default_factory)
    show("missing key", lambda: d["nope"])
    show("Counter.fromkeys", lambda: Counter.fromkeys("ab"))
    show("fromkeys no arg", lambda: OrderedDict.fromkeys())


async def main():
    async with contextlib.nullcontext("async") as x:
        print("async nullcontext", x)
    log = []

    async def async_exit(typ, value, tb):
        log.append("async exit")

    async with contextlib.AsyncExitStack() as stack:
        stack.push_async_exit(async_exit)
        stack.push(lambda *a: log.append("sync exit"))
        moved = stack.pop_all()
    log.append("stack left")
    await moved.aclose()
    print(log)


sync_part()
asyncio.run(main())
show("dict kw", lambda: dict.fromkeys("a", value=3))
show("ordered kw", lambda: OrderedDict.fromkeys(iterable="ab", value=0))
show("ordered both", lambda: OrderedDict.fromkeys("ab", iterable="ab"))
show("ordered too many", lambda: OrderedDict.fromkeys(1, 2, 3))
show("defaultdict none", lambda: defaultdict.fromkeys())
