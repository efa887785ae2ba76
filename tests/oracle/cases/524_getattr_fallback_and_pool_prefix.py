import asyncio
from concurrent.futures import ThreadPoolExecutor
import threading, time

class Proxy:
    def __init__(self, target):
        self._target = target
        self.calls = 0
    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        self.calls += 1
        return getattr(self._target, name)

class Lazy:
    @property
    def broken(self):
        raise AttributeError("from property")
    def __getattr__(self, name):
        return f"fallback for {name}"

class Service:
    async def fetch(self, n):
        await asyncio.sleep(0.1)
        return n * 2

def work(n):
    time.sleep(0.1)
    return threading.current_thread().name

async def main():
    p = Proxy(Service())
    print(await p.fetch(3), await asyncio.gather(p.fetch(1), p.fetch(2)), p.calls)
    print(hasattr(p, "nope"), hasattr(p, "_hidden"), getattr(p, "_x", "dflt"))
    l = Lazy()
    print(l.broken, l.anything, l.__class__.__name__)
    try:
        p.missing_method()
    except AttributeError as e:
        print("AttributeError:", e)
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(2, "io") as ex:
        print(await asyncio.gather(*(loop.run_in_executor(ex, work, i) for i in range(3))))
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="") as ex:
        print(await loop.run_in_executor(ex, work, 0))
    with ThreadPoolExecutor(max_workers=1) as ex:
        print(await loop.run_in_executor(ex, work, 0))

asyncio.run(main())
