import asyncio


async def producer(q):
    for msg in [
        {"type": "join", "user": "ann"},
        {"type": "say", "user": "ann", "text": "hi"},
        ("ping", 3),
        ["move", 1, 2],
        {"type": "leave", "user": "ann", "reason": "bye", "extra": 1},
        42,
        "quit",
    ]:
        await asyncio.sleep(0.1)
        await q.put(msg)


async def consumer(q):
    while True:
        msg = await q.get()
        match msg:
            case {"type": "join", "user": name}:
                print("joined", name)
            case {"type": "say", "user": name, "text": text}:
                print(f"{name}: {text}")
            case {"type": "leave", **rest}:
                print("left", rest)
            case ("ping", int(n)) if n > 2:
                print("big ping", n)
            case ["move", x, y]:
                print("move to", x, y)
            case "quit":
                print("quitting")
                return
            case other:
                print("unknown", other)


async def main():
    q = asyncio.Queue()
    await asyncio.gather(producer(q), consumer(q))
    print("done at", asyncio.get_running_loop().time())


asyncio.run(main())
