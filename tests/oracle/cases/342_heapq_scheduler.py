import asyncio
import heapq


async def main():
    loop = asyncio.get_running_loop()
    # A tiny scheduler: (deadline, sequence, name) in a heap.
    heap = []
    for seq, (delay, name) in enumerate([(0.3, "c"), (0.1, "a"), (0.2, "b"), (0.1, "a2")]):
        heapq.heappush(heap, (loop.time() + delay, seq, name))
    print([n for _, _, n in heap])
    while heap:
        when, _, name = heapq.heappop(heap)
        await asyncio.sleep(when - loop.time())
        print(f"{loop.time():.1f} run {name}")
    data = [9, 4, 7, 1, 8, 2]
    heapq.heapify(data)
    print(data, heapq.heappushpop(data, 0), heapq.heapreplace(data, 10), data)
    print(heapq.nsmallest(3, [5, 2, 8, 1]), heapq.nlargest(2, ["b", "a", "c"]))
    try:
        heapq.heappop([])
    except IndexError as e:
        print("IndexError:", e)


asyncio.run(main())
