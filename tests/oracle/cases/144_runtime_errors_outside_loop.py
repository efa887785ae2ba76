import asyncio


async def quick():
    return 1


try:
    asyncio.get_running_loop()
except RuntimeError as e:
    print("RuntimeError:", e)


async def nested():
    try:
        asyncio.run(asyncio.sleep(0))
    except RuntimeError as e:
        print("RuntimeError:", e)
    coro = quick()
    print(await coro)
    try:
        await coro
    except RuntimeError as e:
        print("RuntimeError:", e)
    try:
        await 5
    except TypeError as e:
        print("TypeError:", e)
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    f.cancel()
    try:
        f.set_result(1)
    except asyncio.InvalidStateError as e:
        print("InvalidStateError:", e)
    try:
        await asyncio.wait([quick()])
    except TypeError as e:
        print("TypeError:", e)


asyncio.run(nested())
try:
    asyncio.run(5)
except ValueError as e:
    print("ValueError:", e)
print("end")
