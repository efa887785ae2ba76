from collections import deque

recent = deque(maxlen=3)
for line in ["a", "b", "c", "d", "e"]:
    recent.append(line)
    print(recent)
recent.appendleft("z")
print(recent, recent.maxlen, len(recent))
recent.extend("xy")
print(recent, list(recent), recent[0], recent[-1])
d = deque(range(6))
d.rotate(2)
print(d)
d.rotate(-3)
print(d, d.pop(), d.popleft(), d)
d.extendleft([10, 20])
print(d, 20 in d, d.count(3), d.index(3))
d.remove(3)
d.reverse()
print(d, bool(d), bool(deque()), deque("ab", maxlen=0))
empty = deque()
try:
    empty.pop()
except IndexError as e:
    print("IndexError:", e)
print(deque([1, 2]) and "truthy")
match deque([1, 2, 3]):
    case [first, *rest]:
        print("sequence pattern", first, rest)
