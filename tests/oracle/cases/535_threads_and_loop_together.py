import asyncio, threading, queue, time

# asyncio and threads together: a thread feeds an asyncio.Queue through the loop,
# and the loop hands work back through a queue.Queue.
async def main():
    loop = asyncio.get_running_loop()
    aq = asyncio.Queue()
    tq = queue.Queue()
    stop = threading.Event()
    def feeder():
        for i in range(3):
            time.sleep(0.1)
            loop.call_soon_threadsafe(aq.put_nowait, i)
        while not stop.is_set():
            try:
                item = tq.get(timeout=0.05)
                print("thread got", item, round(time.monotonic(), 2))
            except queue.Empty:
                pass
    t = threading.Thread(target=feeder, name="feeder")
    t.start()
    for _ in range(3):
        v = await aq.get()
        print("loop got", v, round(loop.time(), 2))
        tq.put(v * 10)
    await asyncio.sleep(0.2)
    stop.set()
    await asyncio.to_thread(t.join)
    print("joined", t.is_alive())
    sem = threading.Semaphore(2)
    def limited(i):
        with sem:
            time.sleep(0.1)
            return i
    rs = await asyncio.gather(*(asyncio.to_thread(limited, i) for i in range(4)))
    print(rs, round(loop.time(), 2))
    rl = threading.RLock()
    cond = threading.Condition(rl)
    box = []
    def waiter():
        with cond:
            ok = cond.wait_for(lambda: box, timeout=0.5)
            print("waiter", ok, round(time.monotonic(), 2))
    wt = threading.Thread(target=waiter)
    wt.start()
    await asyncio.sleep(0.1)
    with cond:
        box.append(1)
        cond.notify()
    await asyncio.to_thread(wt.join)

asyncio.run(main())
