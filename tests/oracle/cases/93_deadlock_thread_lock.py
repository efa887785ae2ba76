import threading

lock = threading.Lock()
lock.acquire()
print("acquired once; acquiring again blocks forever")
lock.acquire()
print("not reached")
