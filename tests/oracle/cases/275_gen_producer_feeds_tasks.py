import asyncio


def jobs():
    for name, cost in [("resize", 0.3), ("upload", 0.5), ("notify", 0.1)]:
        print(f"producing {name}")
        yield name, cost


async def run_job(name, cost):
    await asyncio.sleep(cost)
    print(f"finished {name}")
    return name


async def main():
    tasks = [asyncio.create_task(run_job(n, c)) for n, c in jobs()]
    done = await asyncio.gather(*tasks)
    print(done)
    results = await asyncio.gather(*(run_job(n, c) for n, c in jobs()))
    print(results)


asyncio.run(main())
