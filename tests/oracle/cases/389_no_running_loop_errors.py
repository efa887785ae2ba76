import asyncio

for name, fn in [
    ("current_task", asyncio.current_task),
    ("get_running_loop", asyncio.get_running_loop),
    ("all_tasks", asyncio.all_tasks),
]:
    try:
        fn()
    except RuntimeError as e:
        print(name, "->", e)


async def main():
    t = asyncio.current_task()
    print("inside:", t.get_name(), len(asyncio.all_tasks()))
    print("loop running:", asyncio.get_running_loop().is_running())


asyncio.run(main())
try:
    asyncio.current_task()
except RuntimeError as e:
    print("after run ->", e)
