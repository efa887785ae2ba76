import asyncio
import random


async def worker(name, queue, log):
    while True:
        sleep_for = await queue.get()
        await asyncio.sleep(sleep_for)
        queue.task_done()
        log.append(name)
        print(f"{name} has slept for {sleep_for:.2f} seconds")


async def main():
    random.seed(7)
    queue = asyncio.Queue()
    total_sleep_time = 0
    for _ in range(8):
        sleep_for = round(random.uniform(0.05, 0.4), 2)
        total_sleep_time += sleep_for
        queue.put_nowait(sleep_for)
    log = []
    tasks = []
    for i in range(3):
        task = asyncio.create_task(worker(f"worker-{i}", queue, log))
        tasks.append(task)
    started_at = asyncio.get_running_loop().time()
    await queue.join()
    total_slept_for = asyncio.get_running_loop().time() - started_at
    for task in tasks:
        task.cancel()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    print("====")
    print(f"3 workers slept in parallel for {total_slept_for:.2f} seconds")
    print(f"total expected sleep time: {total_sleep_time:.2f} seconds")
    print([type(r).__name__ for r in results], len(log))


asyncio.run(main())
