import asyncio, threading, time
from concurrent.futures import ThreadPoolExecutor, as_completed, wait, FIRST_COMPLETED

def slow(n):
    time.sleep(0.1 * n)
    return n * n

def main_threads():
    with ThreadPoolExecutor(max_workers=3) as ex:
        futs = {ex.submit(slow, n): n for n in (3, 1, 2)}
        for f in as_completed(futs):
            print("done", futs[f], f.result())
        print(list(ex.map(slow, [1, 2])))
        f1 = ex.submit(slow, 1)
        f1.add_done_callback(lambda f: print("callback", f.result()))
        done, not_done = wait([ex.submit(slow, 2), f1], return_when=FIRST_COMPLETED)
        print(len(done), len(not_done))
    ev = threading.Event()
    t = threading.Timer(0.2, ev.set)
    t.start()
    print("waited", ev.wait(timeout=1), round(time.monotonic(), 1))
    cond = threading.Condition()
    box = []
    def producer():
        time.sleep(0.1)
        with cond:
            box.append("item")
            cond.notify()
    threading.Thread(target=producer).start()
    with cond:
        cond.wait_for(lambda: box)
    print("got", box)
    sem = threading.Semaphore(1)
    with sem:
        print("in sem")

async def amain():
    loop = asyncio.get_running_loop()
    def from_thread():
        time.sleep(0.1)
        loop.call_soon_threadsafe(print, "threadsafe call")
        fut = asyncio.run_coroutine_threadsafe(asyncio.sleep(0.1, "coro result"), loop)
        print("thread got", fut.result())
    th = threading.Thread(target=from_thread)
    th.start()
    await asyncio.sleep(0.5)
    th.join()
    with ThreadPoolExecutor() as ex:
        cf = ex.submit(slow, 2)
        print(await asyncio.wrap_future(cf))

main_threads()
asyncio.run(amain())
