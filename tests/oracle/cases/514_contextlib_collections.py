import asyncio
import contextlib
from collections import Counter, OrderedDict, defaultdict, deque


def show(label, f):
    try:
        print(label, repr(f()))
    except BaseException as e:
        print(label, type(e).__name__, e)


@contextlib.contextmanager
def tag(name, log):
    log.append("enter " + name)
    try:
        yield name.upper()
    except KeyError as e:
        log.append("caught " + str(e))
    finally:
        log.append("exit " + name)


@contextlib.asynccontextmanager
async def resource(log):
    log.append("open")
    await asyncio.sleep(0.01)
    try:
        yield "res"
    finally:
        await asyncio.sleep(0.01)
        log.append("close")


@contextlib.contextmanager
def no_yield():
    if False:
        yield


@contextlib.contextmanager
def two_yields():
    yield 1
    yield 2


async def main():
    log = []
    with tag("a", log) as t:
        log.append(t)
        raise KeyError("k")
    print("tag", log)
    show("no yield", lambda: no_yield().__enter__())
    def twice():
        with two_yields():
            pass
    show("two yields", twice)
    log = []
    async with resource(log) as r:
        log.append(r)
    print("async cm", log)
    async with contextlib.AsyncExitStack() as stack:
        got = await stack.enter_async_context(resource(log))
        stack.callback(log.append, "callback")
        stack.push_async_callback(asyncio.sleep, 0)
        print("stack", got)
    print("after stack", log[-3:])
    with contextlib.suppress(ValueError, TypeError):
        int("x")
    print("suppressed")
    c = Counter("abracadabra")
    show("counter", lambda: (c.most_common(2), c["z"], sorted(c.elements())[:3], c.total()))
    show("counter ops", lambda: (Counter(a=3, b=1) - Counter(a=1, b=2), Counter(a=1) + Counter(a=2, c=1), Counter(a=3) & Counter(a=1), Counter(a=1) | Counter(a=2)))
    show("counter update", lambda: (lambda k: (k.update("aab"), k.subtract({"a": 5}), k)[-1])(Counter()))
    show("counter neg", lambda: (+Counter(a=-1, b=2), -Counter(a=-1, b=2)))
    od = OrderedDict((k, None) for k in "abc")
    od.move_to_end("a")
    show("ordered", lambda: (list(od), od.popitem(last=False), list(od), od.popitem()))
    od2 = OrderedDict([("x", None), ("y", None)])
    od2.move_to_end("y", last=False)
    show("ordered front", lambda: list(od2))
    show("ordered missing", lambda: od2.move_to_end("q"))
    dd = defaultdict(list)
    dd["a"].append(1)
    show("defaultdict", lambda: (dict(dd), dd.default_factory is list, defaultdict(int)["q"], "q" in dd))
    show("defaultdict none", lambda: defaultdict()["k"])
    d = deque([1, 2, 3], maxlen=3)
    d.append(4)
    d.appendleft(0)
    show("deque", lambda: (list(d), d.maxlen, d[0], d[-1]))
    d.rotate(1)
    show("rotate", lambda: list(d))
    d.rotate(-2)
    show("rotate back", lambda: list(d))
    show("deque ops", lambda: (d.count(1), d.index(2), deque("abc").pop(), deque("abc").popleft(), deque(range(5))[2]))
    show("deque empty", lambda: deque().pop())
    show("deque extendleft", lambda: (lambda q: (q.extendleft([1, 2]), list(q))[1])(deque([9])))
    show("deque remove", lambda: (lambda q: (q.remove(2), list(q))[1])(deque([1, 2, 3])))
    show("deque remove missing", lambda: deque([1]).remove(5))
    show("deque insert", lambda: (lambda q: (q.insert(1, "x"), list(q))[1])(deque([1, 2])))
    show("deque full insert", lambda: deque([1], maxlen=1).insert(0, 2))
    show("deque index range", lambda: deque([1, 2, 3, 2]).index(2, 2))


asyncio.run(main())
