import asyncio


async def dots(tag, n, d):
    for i in range(n):
        print(tag, end="")
        await asyncio.sleep(d)
    print()


async def main():
    print("start:", end=" ")
    await asyncio.sleep(0.1)
    print("continued at 0.1")
    print("a", "b", "c", sep="")
    print("a", "b", sep=", ", end="!\n")
    print(1, 2.5, None, True, [1, "x"], sep=" | ")
    print("", end="")
    print("multi\nline", "text", sep="\n")
    t1 = asyncio.create_task(dots("x", 3, 0.1))
    t2 = asyncio.create_task(dots("o", 2, 0.15))
    await asyncio.gather(t1, t2)
    print("no newline at first", end="")
    await asyncio.sleep(0.2)
    print(" then one", end="\n\n")
    print(end="")
    print("after empty line")
    print("tail without newline", end="")


asyncio.run(main())
