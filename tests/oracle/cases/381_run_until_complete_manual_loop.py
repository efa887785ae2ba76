import asyncio


async def compute(x):
    await asyncio.sleep(0.1)
    print("computing", x, "in", asyncio.current_task().get_name())
    return x * x


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
print("running?", loop.is_running(), "closed?", loop.is_closed())
print(loop.run_until_complete(compute(3)))
task = loop.create_task(compute(4), name="four")
print("task created, done?", task.done())
print(loop.run_until_complete(task))
fut = loop.create_future()
loop.call_later(0.2, fut.set_result, "from a timer")
print(loop.run_until_complete(fut))
print("time now", loop.time())
loop.close()
print("closed?", loop.is_closed())
asyncio.set_event_loop(None)


# Several loops: each stays open until closed, and making one inside a
# running loop leaves the running one alone.
async def inside():
    running = asyncio.get_running_loop()
    other = asyncio.new_event_loop()
    print("running closed?", running.is_closed(), "other closed?", other.is_closed())
    print("same running loop:", asyncio.get_running_loop() is running)
    other.close()
    return running


first = asyncio.run(inside())
print("asyncio.run's loop closed after:", first.is_closed())
a = asyncio.new_event_loop()
b = asyncio.new_event_loop()
print(a.run_until_complete(asyncio.sleep(0.1, "a ran")))
print(b.run_until_complete(asyncio.sleep(0.1, "b ran")))
print(a.run_until_complete(asyncio.sleep(0.1, "a again")))
b.close()
print(a.is_closed(), b.is_closed())
a.close()
