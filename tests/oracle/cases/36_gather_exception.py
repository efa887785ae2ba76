import asyncio


async def ok(name, seconds):
    await asyncio.sleep(seconds)
    print(name, "finished anyway")
    return name


async def bad():
    await asyncio.sleep(0.1)
    raise RuntimeError("bad task failed")


async def main():
    try:
        await asyncio.gather(ok("slow", 0.3), bad(), ok("fast", 0.05))
    except RuntimeError as e:
        print("gather raised", e)
    await asyncio.sleep(0.5)
    print("main done")


asyncio.run(main())
