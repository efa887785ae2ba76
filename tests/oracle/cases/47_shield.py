import asyncio


async def important():
    await asyncio.sleep(0.3)
    print("important work completed")
    return "saved"


async def main():
    inner = asyncio.create_task(important())
    try:
        await asyncio.wait_for(asyncio.shield(inner), timeout=0.1)
    except TimeoutError:
        print("outer timed out; inner cancelled?", inner.cancelled())
    print("inner result", await inner)


asyncio.run(main())
