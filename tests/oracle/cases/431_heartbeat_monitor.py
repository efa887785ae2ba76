import asyncio
import time
from datetime import datetime, timedelta


class Node:
    def __init__(self, name: str, beat: float, dies_at: float | None = None):
        self.name = name
        self.beat = beat
        self.dies_at = dies_at
        self.last_seen = time.monotonic()

    async def heartbeat(self):
        while self.dies_at is None or time.monotonic() < self.dies_at:
            self.last_seen = time.monotonic()
            await asyncio.sleep(self.beat)


class Monitor:
    def __init__(self, nodes, timeout: float):
        self.nodes = nodes
        self.timeout = timeout
        self.dead: list[str] = []

    async def watch(self, rounds: int):
        for _ in range(rounds):
            await asyncio.sleep(self.timeout / 2)
            now = time.monotonic()
            for node in self.nodes:
                if node.name not in self.dead and now - node.last_seen > self.timeout:
                    self.dead.append(node.name)
                    stamp = datetime.fromtimestamp(0) + timedelta(seconds=now)
                    print(f"{stamp:%H:%M:%S.%f} {node.name} missed its heartbeat")


async def main():
    nodes = [Node("a", 0.2), Node("b", 0.3, dies_at=0.7), Node("c", 0.25, dies_at=1.6)]
    beats = [asyncio.create_task(n.heartbeat()) for n in nodes]
    mon = Monitor(nodes, timeout=0.5)
    await mon.watch(8)
    print("dead:", mon.dead)
    for t in beats:
        t.cancel()
    await asyncio.gather(*beats, return_exceptions=True)
    print(timedelta(seconds=90), timedelta(milliseconds=1500) * 2)


asyncio.run(main())
