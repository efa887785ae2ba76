import asyncio
from collections import defaultdict


class Room:
    def __init__(self, name):
        self.name = name
        self.members: dict[str, asyncio.Queue] = {}
        self.history = defaultdict(list)

    def join(self, user: str) -> asyncio.Queue:
        q = asyncio.Queue()
        self.members[user] = q
        self.broadcast("system", f"{user} joined")
        return q

    def leave(self, user: str) -> None:
        self.members.pop(user).put_nowait(None)
        self.broadcast("system", f"{user} left")

    def broadcast(self, sender: str, text: str) -> None:
        self.history[sender].append(text)
        for user, q in self.members.items():
            if user != sender:
                q.put_nowait(f"{sender}: {text}")


async def client(room: Room, user: str, says: list[tuple[float, str]]):
    inbox = room.join(user)

    async def reader():
        while (line := await inbox.get()) is not None:
            print(f"  [{user}] {line}")

    r = asyncio.create_task(reader())
    for delay, text in says:
        await asyncio.sleep(delay)
        room.broadcast(user, text)
    await asyncio.sleep(0.5)
    room.leave(user)
    await r


async def main():
    room = Room("lobby")
    await asyncio.gather(
        client(room, "ann", [(0.1, "hi"), (0.3, "how are you?")]),
        client(room, "ben", [(0.2, "hello ann"), (0.1, "fine")]),
    )
    print(dict(room.history))


asyncio.run(main())
