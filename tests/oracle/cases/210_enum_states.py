import asyncio
from enum import Enum, auto


class State(Enum):
    PENDING = auto()
    RUNNING = auto()
    DONE = auto()


class Job:
    def __init__(self, name):
        self.name = name
        self.state = State.PENDING

    async def run(self):
        self.state = State.RUNNING
        await asyncio.sleep(1)
        self.state = State.DONE


async def main():
    jobs = [Job("a"), Job("b")]
    tasks = [asyncio.create_task(j.run()) for j in jobs]
    await asyncio.sleep(0)
    print([j.state for j in jobs])
    await asyncio.gather(*tasks)
    print([str(j.state) for j in jobs])
    print(State.DONE.name, State.DONE.value, State(2), State["PENDING"])
    print(list(State), len(State), State.DONE in State)
    print(jobs[0].state is State.DONE, jobs[0].state == State.RUNNING)
    print(f"state={State.RUNNING}", repr(State.PENDING))
    counts = {s: 0 for s in State}
    for j in jobs:
        counts[j.state] += 1
    print(counts)


asyncio.run(main())
