import asyncio

loop = asyncio.new_event_loop()
ticks = []


def tick(n):
    ticks.append(n)
    print("tick", n, "at", round(loop.time(), 2))
    if n < 3:
        loop.call_later(0.1, tick, n + 1)
    else:
        loop.stop()
        print("stop requested")


loop.call_soon(tick, 0)
loop.run_forever()
print("run_forever returned, ticks =", ticks)
loop.call_soon(print, "queued after the first run")
loop.call_later(0.5, print, "a later timer")
loop.call_soon(loop.stop)
loop.run_forever()
print("second run_forever returned at", round(loop.time(), 2))
loop.close()
