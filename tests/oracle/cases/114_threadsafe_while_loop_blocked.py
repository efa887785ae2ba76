import asyncio
import threading
import time


def from_thread(loop, tag, d):
    time.sleep(d)
    loop.call_soon_threadsafe(print, "posted", tag)


async def main():
    loop = asyncio.get_running_loop()
    loop.call_later(0.15, print, "timer 0.15")
    threading.Thread(target=from_thread, args=(loop, "a", 0.05)).start()
    threading.Thread(target=from_thread, args=(loop, "b", 0.08)).start()
    loop.call_soon(print, "call_soon before blocking")
    time.sleep(0.2)
    print("loop unblocked at", loop.time())
    await asyncio.sleep(0)
    print("after one hop")
    await asyncio.sleep(0)
    print("after two hops")
    threading.Thread(target=from_thread, args=(loop, "c", 0.1)).start()
    await asyncio.sleep(0.3)
    print("end at", loop.time())


asyncio.run(main())
