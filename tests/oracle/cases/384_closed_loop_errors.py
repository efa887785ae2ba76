import asyncio


async def noop():
    return 1


loop = asyncio.new_event_loop()
print(loop.run_until_complete(noop()))
loop.close()
loop.close()
print("closed:", loop.is_closed())
for what, call in [
    ("call_soon", lambda: loop.call_soon(print, "x")),
    ("call_later", lambda: loop.call_later(1, print, "x")),
    ("run_forever", lambda: loop.run_forever()),
]:
    try:
        call()
    except RuntimeError as e:
        print(what, "->", e)
coro = noop()
try:
    loop.run_until_complete(coro)
except RuntimeError as e:
    print("run_until_complete ->", e)
coro.close()
fut = loop.create_future()
print("create_future still works:", fut.done())
