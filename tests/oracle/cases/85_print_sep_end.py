import asyncio

print("a", "b", "c", sep="-")
print("no newline", end="")
print(" ... continued")
print("x", "y", sep="")
print()
print("two\nlines at once")
print(1, 2.5, None, True, [1, 2], sep=" | ", end=" <end>\n")


async def main():
    print("before sleep", end=": ")
    await asyncio.sleep(0.5)
    print("after sleep (the line was started at 0)")
    print("flushed", flush=True)


asyncio.run(main())
