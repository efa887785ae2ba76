import asyncio


class Task:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"Task({self.name!r})"


async def main():
    q = asyncio.PriorityQueue()
    for i, (prio, name) in enumerate([(2, "b"), (1, "a"), (2, "c"), (0, "z")]):
        q.put_nowait((prio, i, Task(name)))
    while not q.empty():
        prio, _, task = q.get_nowait()
        print(prio, task)


asyncio.run(main())
