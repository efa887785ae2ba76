import asyncio
from collections import namedtuple

Move = namedtuple("Move", "x y")
Say = namedtuple("Say", ["text", "loud"], defaults=[False])
Quit = namedtuple("Quit", "")


async def client(q):
    for m in [Move(1, 2), Say("hi"), Move(0, 5), Say("hey", loud=True), ("raw", 1), Quit()]:
        await asyncio.sleep(0.05)
        await q.put(m)


async def server(q):
    while True:
        match await q.get():
            case Move(0, y):
                print("vertical move", y)
            case Move(x=x, y=y):
                print("move", x, y)
            case Say(text, loud=True):
                print(text.upper() + "!")
            case Say(text):
                print(text)
            case Quit():
                print("quit")
                return
            case other:
                print("unknown", other)


async def main():
    q = asyncio.Queue()
    await asyncio.gather(client(q), server(q))
    print(Move._fields, Say("x"), Move(1, 2) == (1, 2), Move(3, 4)._asdict())


asyncio.run(main())
