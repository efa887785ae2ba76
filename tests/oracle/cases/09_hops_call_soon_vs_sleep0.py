import asyncio

log = []


def chain(loop, n):
    log.append(f"callback {n}")
    if n < 4:
        loop.call_soon(chain, loop, n + 1)


async def yielder():
    for i in range(4):
        log.append(f"task step {i}")
        await asyncio.sleep(0)


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(chain, loop, 0)
    await asyncio.create_task(yielder())
    for line in log:
        print(line)


asyncio.run(main())
