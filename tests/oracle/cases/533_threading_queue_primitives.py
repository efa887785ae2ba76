import threading, queue, time
from concurrent.futures import ThreadPoolExecutor, as_completed, wait, FIRST_EXCEPTION

q = queue.Queue(maxsize=2)
results = []
def producer():
    for i in range(5):
        q.put(i)
        print(f"{time.monotonic():.1f} put {i} size={q.qsize()}")
    q.put(None)
def consumer():
    while (item := q.get()) is not None:
        time.sleep(0.1)
        results.append(item)
        q.task_done()
    q.task_done()
ts = [threading.Thread(target=producer), threading.Thread(target=consumer)]
for t in ts: t.start()
q.join()
print("joined", results, round(time.monotonic(), 1))
for t in ts: t.join()

try:
    q.get(timeout=0.25)
except queue.Empty:
    print("empty after", round(time.monotonic(), 2))
full = queue.Queue(1)
full.put("x")
try:
    full.put("y", timeout=0.1)
except queue.Full:
    print("full", full.full(), full.qsize())
try:
    full.put_nowait("z")
except queue.Full as e:
    print("Full nowait", repr(e))
lq = queue.LifoQueue(); pq = queue.PriorityQueue(); sq = queue.SimpleQueue()
for x in [3, 1, 2]:
    lq.put(x); pq.put((x, str(x))); sq.put(x)
print([lq.get() for _ in range(3)], [pq.get() for _ in range(3)], [sq.get() for _ in range(3)], sq.empty())

ev = threading.Event()
print("wait false", ev.wait(0.2), round(time.monotonic(), 2))
lock = threading.Lock()
lock.acquire()
print("nb", lock.acquire(blocking=False), "timeout", lock.acquire(timeout=0.1))
def releaser():
    time.sleep(0.2)
    lock.release()
threading.Thread(target=releaser).start()
print("got lock", lock.acquire(), round(time.monotonic(), 2))
lock.release()

rl = threading.RLock()
with rl:
    with rl:
        print("reentrant ok")
try:
    rl.release()
except RuntimeError as e:
    print("RuntimeError", e)
bs = threading.BoundedSemaphore(1)
bs.acquire(); bs.release()
try:
    bs.release()
except ValueError as e:
    print("ValueError", e)

cond = threading.Condition()
with cond:
    print("cond timeout", cond.wait(timeout=0.1), round(time.monotonic(), 2))
ready = []
def setter():
    time.sleep(0.1)
    with cond:
        ready.append(1)
        cond.notify_all()
threading.Thread(target=setter).start()
with cond:
    print("wait_for", cond.wait_for(lambda: ready, timeout=1), round(time.monotonic(), 2))

t = threading.Timer(0.5, print, args=("timer fired",))
t.start(); t.cancel(); t.join()
print("cancelled timer joined at", round(time.monotonic(), 2))
t2 = threading.Timer(0.2, lambda: print("timer 2 fired", round(time.monotonic(), 2)))
t2.start(); t2.join()

def work(n):
    time.sleep(n)
    if n == 0.2:
        raise ValueError("boom")
    return n
with ThreadPoolExecutor(4) as ex:
    fs = [ex.submit(work, n) for n in (0.3, 0.2, 0.5)]
    done, not_done = wait(fs, return_when=FIRST_EXCEPTION)
    print(len(done), len(not_done), round(time.monotonic(), 2))
    for f in as_completed(fs):
        print("completed", f.exception() or f.result(), round(time.monotonic(), 2))
    d2, nd2 = wait(fs, timeout=0.05)
    print(len(d2), len(nd2))
print("end", round(time.monotonic(), 2))
