class A:
    def __init__(self, x):
        self.x = x

    def show(self):
        return f"A({self.x})"


class B(A):
    def __init__(self, x, y):
        super(B, self).__init__(x)
        self.y = y

    def show(self):
        return f"B({self.y})+" + A.show(self)


class C(B):
    def show(self):
        return "C:" + super().show()


c = C(1, 2)
print(c.show(), c.x, c.y)
print(isinstance(c, A), isinstance(c, (int, B)), issubclass(C, (int, A)))
