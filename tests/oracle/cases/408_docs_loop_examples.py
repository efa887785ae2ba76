import asyncio

async def set_after(fut, delay, value):
    await asyncio.sleep(delay)
    fut.set_result(value)

async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.create_task(set_after(fut, 0.3, '... world'))
    print('hello ...')
    print(await fut)

asyncio.run(main())

def hello_world(loop):
    print('Hello World')
    loop.stop()

loop = asyncio.new_event_loop()
loop.call_soon(hello_world, loop)
try:
    loop.run_forever()
finally:
    loop.close()

def display_date(end_time, loop):
    print("now", round(loop.time() - start, 1))
    if (loop.time() + 1.0) < end_time:
        loop.call_later(1, display_date, end_time, loop)
    else:
        loop.stop()

loop = asyncio.new_event_loop()
start = loop.time()
end_time = loop.time() + 3.0
loop.call_soon(display_date, end_time, loop)
try:
    loop.run_forever()
finally:
    loop.close()
