# Objects: 2 million method calls with attribute reads and writes, and
# 200 000 instances made with __init__.
class Counter:
    def __init__(self, step):
        self.count = 0
        self.step = step

    def bump(self, n):
        self.count += self.step * n
        return self.count


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def dot(self, other):
        return self.x * other.x + self.y * other.y


c = Counter(2)
total = 0
for i in range(2_000_000):
    total += c.bump(i & 3)
origin = Point(1, 1)
acc = 0
for i in range(200_000):
    p = Point(i, -i)
    acc += p.dot(origin) + p.x
print(total, c.count, acc)
