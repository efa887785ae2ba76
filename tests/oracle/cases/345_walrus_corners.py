import asyncio

stack = [1, 2, 3]
while (top := stack.pop() if stack else None) is not None:
    print("popped", top)
values = [4, 9, 15, 2]
if any((hit := v) > 10 for v in [values[0], values[2]]) if False else any([(hit := v) > 10 for v in values]):
    print("first over 10 seen last as", hit)
print([(x, y) for x in range(3) if (y := x * x) % 2 == 0])
print({k: (n := len(k)) for k in ["ab", "cde"]}, n)
total = 0
print([total := total + v for v in values], total)


def counter():
    found = [m for m in range(10) if (last := m) > 6]
    return found, last


print(counter())


async def main():
    q = asyncio.Queue()
    for i in range(3):
        q.put_nowait(i)
    while not q.empty() and (item := q.get_nowait()) < 2:
        print("item", item)
    print("stopped at", item)


asyncio.run(main())
print((lambda: (z := 5) + z)())
