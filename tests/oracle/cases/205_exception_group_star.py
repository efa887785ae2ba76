import asyncio


class JobError(Exception):
    def __init__(self, job):
        super().__init__(f"job {job} failed")
        self.job = job


class FatalJobError(JobError):
    pass


async def job(n):
    await asyncio.sleep(n / 10)
    if n % 2:
        raise JobError(n)
    if n == 4:
        raise FatalJobError(n)
    return n


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            for n in range(1, 6):
                tg.create_task(job(n))
    except* FatalJobError as eg:
        print("fatal", [e.job for e in eg.exceptions])
    except* JobError as eg:
        print("jobs", sorted(e.job for e in eg.exceptions))


asyncio.run(main())
