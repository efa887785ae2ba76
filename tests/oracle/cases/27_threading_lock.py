import threading
import time

lock = threading.Lock()
counter = 0


def worker(name, delay):
    global counter
    time.sleep(delay)
    with lock:
        print(name, "has the lock")
        value = counter
        time.sleep(0.1)
        counter = value + 1
        print(name, "releases, counter =", counter)


threads = [threading.Thread(target=worker, args=(f"w{i}", 0.01 * i)) for i in range(1, 4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("final counter", counter, "locked:", lock.locked())
