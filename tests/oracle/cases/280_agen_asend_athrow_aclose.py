import asyncio


async def averager():
    total = 0
    count = 0
    average = None
    while True:
        try:
            value = yield average
        except ValueError:
            print("reset")
            total = count = 0
            average = None
            continue
        await asyncio.sleep(0.1)
        total += value
        count += 1
        average = total / count


async def main():
    avg = averager()
    print(await avg.asend(None))
    print(await avg.asend(10))
    print(await avg.asend(20))
    print(await avg.athrow(ValueError))
    print(await avg.asend(4))
    await avg.aclose()
    try:
        await avg.asend(1)
    except StopAsyncIteration:
        print("closed generator is exhausted")


asyncio.run(main())
