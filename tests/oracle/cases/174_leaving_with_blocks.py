# Leaving `with` and `async with` blocks by return, break and continue from
# inside loops, and exceptions passing through them.
import asyncio
import threading

lock = threading.Lock()

def ret_with_in_while():
    while True:
        with lock:
            return lock.locked()

def break_with_in_for():
    for i in range(5):
        with lock:
            if i == 2:
                break
    return (i, lock.locked())

def continue_with_in_while():
    i = 0
    seen = []
    while i < 4:
        i += 1
        with lock:
            if i % 2:
                continue
            seen.append(i)
    return (seen, lock.locked())

def ret_while_in_with():
    with lock:
        while True:
            return "inner"

def raise_through_with_in_while():
    try:
        while True:
            with lock:
                raise RuntimeError("boom")
    except RuntimeError as e:
        return (str(e), lock.locked())

async def aret_async_with_in_while(alock):
    while True:
        async with alock:
            await asyncio.sleep(0.5)
            return alock.locked()

async def abreak_async_with(alock):
    for i in range(3):
        async with alock:
            await asyncio.sleep(0.25)
            if i == 1:
                break
    return (i, alock.locked())

async def main():
    alock = asyncio.Lock()
    print(await aret_async_with_in_while(alock), alock.locked())
    print(await abreak_async_with(alock), alock.locked())

for f in [ret_with_in_while, break_with_in_for, continue_with_in_while,
          ret_while_in_with, raise_through_with_in_while]:
    print(f.__name__, f(), lock.locked())
asyncio.run(main())
