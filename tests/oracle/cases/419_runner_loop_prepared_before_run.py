import asyncio
import time


def blocking_io(n):
    time.sleep(0.2)
    return n * 10


async def main(loop):
    print("main starts; running:", loop.is_running())
    result = await loop.run_in_executor(None, blocking_io, 4)
    print("executor result", result)
    return result


runner = asyncio.Runner()
loop = runner.get_loop()
loop.call_soon(print, "queued before the first run")
loop.call_later(0.1, print, "timer set before the first run")
print("before run: running", loop.is_running(), "closed", loop.is_closed())
print("result:", runner.run(main(loop)))
runner.close()
print("after close: closed", loop.is_closed())
