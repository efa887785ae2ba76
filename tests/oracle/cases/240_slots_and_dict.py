class Slotted:
    __slots__ = ("a", "b")

    def __init__(self, a):
        self.a = a


s = Slotted(1)
s.b = 2
print(s.a, s.b, Slotted.__slots__)


class Open:
    def __init__(self):
        self.x = 1
        self.y = [2]


print(Open().__dict__)
