import asyncio


async def ticker(loop):
    for i in range(6):
        await asyncio.sleep(0.1)
        print("tick", i, "running:", loop.is_running())
        if i == 2:
            loop.stop()
    return "ticker done"


loop = asyncio.new_event_loop()
task = loop.create_task(ticker(loop))
loop.run_forever()
print("paused; task done?", task.done())
print(loop.run_until_complete(task))
try:
    loop.close()
finally:
    print("closed:", loop.is_closed())
