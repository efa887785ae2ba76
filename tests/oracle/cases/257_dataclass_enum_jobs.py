import asyncio
from dataclasses import dataclass, field
from enum import Enum


class Status(Enum):
    QUEUED = "queued"
    DONE = "done"
    FAILED = "failed"


@dataclass
class Job:
    name: str
    cost: float
    status: Status = Status.QUEUED
    log: list = field(default_factory=list)


async def execute(job):
    await asyncio.sleep(job.cost)
    if job.cost > 1:
        job.status = Status.FAILED
        job.log.append("too slow")
    else:
        job.status = Status.DONE
    return job


async def main():
    jobs = [Job("a", 0.5), Job("b", 1.5), Job("c", 0.2)]
    done = await asyncio.gather(*(execute(j) for j in jobs))
    for j in sorted(done, key=lambda j: j.cost):
        print(j)
    print([j.name for j in done if j.status is Status.FAILED])


asyncio.run(main())
