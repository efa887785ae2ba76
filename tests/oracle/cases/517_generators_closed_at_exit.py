import asyncio
import threading
import time

# Generators (and coroutines driven by hand) left suspended in the program's
# variables are closed after its last line (and after its threads end): their
# `finally` blocks run, with every variable still in place.

log = ["kept"]


def gen(name):
    try:
        yield name
        yield name
    finally:
        print("closing", name)


def uses_global(name):
    try:
        yield 1
    finally:
        print(name, "sees log", log)


def closes_another(other):
    try:
        yield 1
    finally:
        print("closing the other too")
        other.close()


def worker():
    time.sleep(0.5)
    print("thread done")


first = gen("first")
next(first)
_private = gen("_private")
next(_private)
finished = gen("finished")
list(finished)
not_started = gen("not started")
late = uses_global("late")
next(late)
target = gen("target")
closer = closes_another(target)
next(closer)
next(target)


async def job():
    try:
        await asyncio.sleep(0)
    finally:
        print("coroutine driven by hand closed")


by_hand = job()
by_hand.send(None)
t = threading.Thread(target=worker)
t.start()


async def main():
    await asyncio.sleep(0.1)
    print("main done")


asyncio.run(main())
print("module done")
