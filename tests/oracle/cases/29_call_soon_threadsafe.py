import asyncio
import threading
import time


def background(loop, fut):
    time.sleep(0.2)
    loop.call_soon_threadsafe(print, "callback posted from a thread")
    time.sleep(0.2)
    loop.call_soon_threadsafe(fut.set_result, "value from thread")


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    t = threading.Thread(target=background, args=(loop, fut))
    t.start()
    print("waiting")
    print("got", await fut)
    t.join()
    print("joined")


asyncio.run(main())
