import asyncio

log = []


async def child():
    log.append("child returns")
    return "x"


async def spinner():
    for i in range(5):
        log.append(f"spin {i}")
        await asyncio.sleep(0)


async def main():
    s = asyncio.create_task(spinner())
    c = asyncio.create_task(child())
    log.append("main awaits child")
    log.append("main got " + await c)
    g = await asyncio.gather(asyncio.sleep(0, result="g"))
    log.append(f"main got gather {g}")
    await s
    for line in log:
        print(line)


asyncio.run(main())
