import asyncio


async def slow_operation():
    try:
        print("slow operation started")
        await asyncio.sleep(3)
        print("slow operation finished")
        return "done"
    finally:
        print("cleanup in finally")


async def main():
    try:
        result = await asyncio.wait_for(slow_operation(), timeout=1)
        print("result:", result)
    except TimeoutError:
        print("timed out")


asyncio.run(main())
