import threading
import time

results = []


def work(name, seconds):
    print(name, "started")
    time.sleep(seconds)
    results.append(name)
    print(name, "finished")


threads = [
    threading.Thread(target=work, args=("t1", 0.3)),
    threading.Thread(target=work, args=("t2", 0.1)),
    threading.Thread(target=work, args=("t3", 0.2)),
]
for t in threads:
    t.start()
for t in threads:
    t.join()
    print("joined", t.is_alive())
print(results)
