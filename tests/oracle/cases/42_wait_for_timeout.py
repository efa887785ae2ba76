import asyncio


async def slow():
    try:
        print("slow starts")
        await asyncio.sleep(1)
        print("slow finished (never)")
    finally:
        print("slow cleans up")


async def quick():
    await asyncio.sleep(0.1)
    return "quick result"


async def main():
    loop = asyncio.get_running_loop()
    print(await asyncio.wait_for(quick(), timeout=0.5))
    try:
        await asyncio.wait_for(slow(), timeout=0.3)
    except TimeoutError:
        print("TimeoutError at", loop.time())
    try:
        await asyncio.wait_for(slow(), timeout=0.2)
    except asyncio.TimeoutError:
        print("asyncio.TimeoutError is TimeoutError:", asyncio.TimeoutError is TimeoutError)


asyncio.run(main())
