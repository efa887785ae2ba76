import asyncio
from enum import Enum


class Topic(Enum):
    NEWS = "news"
    SPORTS = "sports"


class Broker:
    def __init__(self):
        self.subscribers: dict[Topic, list[asyncio.Queue]] = {t: [] for t in Topic}

    def subscribe(self, topic: Topic) -> asyncio.Queue:
        q: asyncio.Queue = asyncio.Queue(maxsize=2)
        self.subscribers[topic].append(q)
        return q

    async def publish(self, topic: Topic, message: str) -> None:
        for q in self.subscribers[topic]:
            await q.put(message)


async def subscriber(name: str, q: asyncio.Queue) -> None:
    while (msg := await q.get()) is not None:
        print(f"{name} got {msg!r}")
        await asyncio.sleep(0.1)
    print(f"{name} done")


async def main():
    broker = Broker()
    subs = [
        asyncio.create_task(subscriber("alice", broker.subscribe(Topic.NEWS))),
        asyncio.create_task(subscriber("bob", broker.subscribe(Topic.NEWS))),
        asyncio.create_task(subscriber("carol", broker.subscribe(Topic.SPORTS))),
    ]
    for i in range(3):
        await broker.publish(Topic.NEWS, f"headline {i}")
        await broker.publish(Topic.SPORTS, f"score {i}")
    for topic in Topic:
        for q in broker.subscribers[topic]:
            await q.put(None)
    await asyncio.gather(*subs)
    print([t.value for t in Topic], Topic("news"), repr(Topic.SPORTS))


asyncio.run(main())
