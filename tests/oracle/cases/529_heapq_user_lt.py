import heapq, bisect, asyncio
class Job:
    def __init__(self, p, name): self.p, self.name = p, name
    def __lt__(self, o): return self.p < o.p
    def __repr__(self): return f"Job({self.p},{self.name})"
h = []
for p, n in [(3, "c"), (1, "a"), (2, "b"), (1, "a2")]:
    heapq.heappush(h, Job(p, n))
print([heapq.heappop(h) for _ in range(4)])
h2 = [(2, Job(0, "x")), (1, Job(5, "y")), (2, Job(-1, "z"))]
heapq.heapify(h2)
print([heapq.heappop(h2) for _ in range(3)])
print(heapq.heappushpop([Job(1, "q")], Job(0, "r")), heapq.nsmallest(2, [Job(3, "m"), Job(1, "n"), Job(2, "o")]))
xs = [Job(1, "a"), Job(3, "b")]
bisect.insort(xs, Job(2, "mid"))
print(xs)
class Evil:
    def __init__(self, h): self.h = h
    def __lt__(self, o):
        print("len during compare", len(self.h))
        return True
hh = []
heapq.heappush(hh, Evil(hh)); heapq.heappush(hh, Evil(hh))
