class Point:
    origin_count = 0

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def moved(self, dx, dy):
        return Point(self.x + dx, self.y + dy)

    def norm2(self):
        return self.x * self.x + self.y * self.y


p = Point(1, 2)
q = p.moved(3, 4)
print(p.x, p.y, q.x, q.y, q.norm2())
print(Point.origin_count, p.origin_count)
p.origin_count = 5
print(Point.origin_count, p.origin_count)
Point.origin_count = 7
print(Point.origin_count, q.origin_count, p.origin_count)
print(type(p).__name__, Point.__name__, Point.__qualname__, p.__class__ is Point)
print(isinstance(p, Point), isinstance(3, Point))
