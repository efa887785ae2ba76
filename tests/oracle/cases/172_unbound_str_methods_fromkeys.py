import asyncio
import functools

# Unbound str methods as keys and mapped functions, dict.fromkeys.
words = ["banana", "Apple", "cherry", " date "]
print(sorted(words, key=str.lower), list(map(str.strip, words)), list(map(str.upper, ["a", "b"])))
print(str.join("-", ["x", "y"]), str.replace("aab", "a", "c"), str.split("a b"))
try:
    str.lower(5)
except TypeError as e:
    print("TypeError:", e)
print(dict.fromkeys("abca", 0), dict.fromkeys([1, 2]), dict.fromkeys(range(3), "x"))
try:
    dict.fromkeys([[1]])
except TypeError as e:
    print("TypeError:", e)


async def main():
    # The loop's call_* methods take no keyword arguments for the callback.
    loop = asyncio.get_running_loop()
    for call in [
        lambda: loop.call_soon(print, "x", sep="-"),
        lambda: loop.call_later(0.1, print, "x", end=""),
        lambda: loop.run_in_executor(None, print, "x", flush=True),
    ]:
        try:
            call()
        except TypeError as e:
            print("TypeError:", e)
    loop.call_soon(functools.partial(print, "a", "b", sep="-"))
    await asyncio.sleep(0.1)


asyncio.run(main())
