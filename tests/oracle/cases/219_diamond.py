class Base:
    def __init__(self):
        print("Base.__init__")
        self.trail = ["Base"]

    def hello(self):
        return "Base"


class Left(Base):
    def __init__(self):
        print("Left.__init__")
        super().__init__()
        self.trail.append("Left")

    def hello(self):
        return "Left>" + super().hello()


class Right(Base):
    def __init__(self):
        print("Right.__init__")
        super().__init__()
        self.trail.append("Right")

    def hello(self):
        return "Right>" + super().hello()


class Bottom(Left, Right):
    def __init__(self):
        print("Bottom.__init__")
        super().__init__()
        self.trail.append("Bottom")


b = Bottom()
print(b.trail, b.hello())
print([c.__name__ for c in Bottom.__mro__])
