import asyncio


async def quick(n):
    return n


async def child(name):
    try:
        await asyncio.sleep(10)
    finally:
        print(name, "cleanup")
        await asyncio.sleep(0.5)
        print(name, "cleanup done")


async def main():
    t1 = asyncio.create_task(quick(1))
    t2 = asyncio.create_task(quick(2))
    await asyncio.sleep(0)
    print("done?", t1.done(), t2.done())
    print(await asyncio.gather(t1, t2))
    asyncio.create_task(child("c1"))
    asyncio.create_task(child("c2"))
    await asyncio.sleep(0.1)
    print("main raising")
    raise KeyError("main failed")


try:
    asyncio.run(main())
except KeyError as e:
    print("module caught", repr(e))


async def second():
    print("second run, task:", asyncio.current_task().get_name())
    await asyncio.sleep(0.1)
    return "r2"


print(asyncio.run(second()))
print(asyncio.run(quick(3)))
print("end")
