import asyncio


async def player(name, barrier, moves):
    for rnd, delay in enumerate(moves):
        await asyncio.sleep(delay)
        pos = await barrier.wait()
        if pos == 0:
            print(f"round {rnd}: {name} was first to wait")


async def game(rounds):
    barrier = asyncio.Barrier(3)
    async with asyncio.TaskGroup() as tg:
        tg.create_task(player("ann", barrier, [0.1, 0.3][:rounds]))
        tg.create_task(player("bob", barrier, [0.2, 0.1][:rounds]))
        tg.create_task(player("cid", barrier, [0.3, 0.2][:rounds]))
    return asyncio.get_running_loop().time()


with asyncio.Runner() as runner:
    print("game 1 ended at", round(runner.run(game(1)), 2))
    print("game 2 ended at", round(runner.run(game(2)), 2))
