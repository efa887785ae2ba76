import asyncio

async def a(n):
    await asyncio.sleep(0.1 * n)
    print("a", n)
    return n

loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
print(loop.run_until_complete(asyncio.gather(a(1), a(2))))
t = asyncio.ensure_future(a(3))
print(loop.run_until_complete(t))
f = asyncio.Future()
loop.call_soon(f.set_result, 9)
print(loop.run_until_complete(f))
print(loop.run_until_complete(asyncio.wait_for(a(1), 1)))
print(loop.run_until_complete(asyncio.sleep(0.1, "slept")))
loop.close()
