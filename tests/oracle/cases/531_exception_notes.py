import asyncio
async def fetch(i):
    try:
        await asyncio.sleep(0.1)
        raise ConnectionError(f"host {i} down")
    except ConnectionError as e:
        e.add_note(f"while fetching item {i}")
        e.add_note("retry later")
        raise
async def main():
    try:
        await fetch(1)
    except ConnectionError as e:
        print(e.__notes__)
    e = ValueError("v")
    try:
        e.add_note(5)
    except TypeError as x:
        print(x)
    e.add_note("first")
    e.__notes__.append("appended")
    print(e.__notes__)
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch(2))
    except* ConnectionError as eg:
        print([x.__notes__ for x in eg.exceptions])
asyncio.run(main())
