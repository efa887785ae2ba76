import asyncio
import time


async def main(label):
    print(label, "task", asyncio.current_task().get_name(), "loop time", asyncio.get_running_loop().time())
    await asyncio.sleep(0.5)
    print(label, "done")


asyncio.run(main("first"))
print("between the runs, time.monotonic() =", time.monotonic())
asyncio.run(main("second"))
