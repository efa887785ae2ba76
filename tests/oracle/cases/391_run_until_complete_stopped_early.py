import asyncio


async def slow():
    await asyncio.sleep(1)
    print("slow finished")
    return "slow"


loop = asyncio.new_event_loop()
task = loop.create_task(slow())
loop.call_later(0.3, loop.stop)
try:
    loop.run_until_complete(task)
except RuntimeError as e:
    print("RuntimeError:", e)
print("task done?", task.done(), "at", loop.time())
print(loop.run_until_complete(task), "at", loop.time())
loop.close()
