import asyncio

loop = asyncio.new_event_loop()


def chain(n):
    print("callback", n)
    loop.call_soon(chain, n + 1)


loop.call_soon(chain, 1)
loop.stop()
loop.run_forever()
print("one iteration ran")
loop.call_soon(loop.stop)
loop.run_forever()
print("and one more")
loop.close()
