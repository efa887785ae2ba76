class Vec:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __add__(self, other):
        return Vec(self.x + other.x, self.y + other.y)

    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)

    def __rmul__(self, k):
        return self * k

    def __repr__(self):
        return f"Vec({self.x}, {self.y})"

    def __eq__(self, other):
        return (self.x, self.y) == (other.x, other.y)

    def __lt__(self, other):
        return (self.x, self.y) < (other.x, other.y)

    def __len__(self):
        return 2


class Adder:
    def __init__(self, n):
        self.n = n

    def __call__(self, x):
        return x + self.n


print(Vec(1, 2) + Vec(3, 4), Vec(1, 1) * 3, 2 * Vec(1, 0))
print(sorted([Vec(2, 0), Vec(1, 5), Vec(1, 2)]), max([Vec(0, 1), Vec(3, 0)]))
print(Vec(1, 1) == Vec(1, 1), Vec(1, 1) != Vec(1, 2), Vec(0, 0) < Vec(0, 1), Vec(2, 0) > Vec(1, 0))
add3 = Adder(3)
print(add3(4), list(map(add3, [1, 2])), callable(add3), callable(Vec(0, 0)))
try:
    Vec(1, 1) - Vec(0, 0)
except TypeError as e:
    print(e)
try:
    Vec(0, 0)()
except TypeError as e:
    print(e)
