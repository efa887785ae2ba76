import asyncio


def trace(label):
    print("making", label)

    def deco(f):
        print("decorating", f.__name__, "with", label)

        def wrapper(*args, **kwargs):
            print(label, "calling", f.__name__, args)
            return f(*args, **kwargs)

        return wrapper

    return deco


def plain(f):
    print("plain", f.__name__)
    return f


@trace("outer")
@plain
@trace("inner")
def add(a, b):
    return a + b


print(add(1, 2))


def timed(f):
    async def wrapper(*args):
        print("start", f.__name__)
        r = await f(*args)
        print("end", f.__name__)
        return r

    return wrapper


@timed
async def work(n):
    await asyncio.sleep(n)
    return n * 2


print(asyncio.run(work(1)))
