class Shape:
    def __init__(self, name):
        self.name = name

    @property
    def area(self):
        return 0

    def describe(self):
        return f"{self.name} with area {self.area}"


class Square(Shape):
    def __init__(self, side):
        super().__init__("square")
        self.side = side

    @property
    def area(self):
        return self.side ** 2


class Circle(Shape):
    def __init__(self, r):
        super().__init__("circle")
        self.r = r

    @property
    def area(self):
        return round(3.14159 * self.r ** 2, 2)


shapes = [Square(3), Circle(1), Shape("blob")]
for s in sorted(shapes, key=lambda s: s.area):
    print(s.describe())
print(max(shapes, key=lambda s: s.area).name)
