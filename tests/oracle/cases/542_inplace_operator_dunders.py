# `a op= b` tries the in-place method first (`__iadd__`), then `__add__`,
# then the right operand's `__radd__`; what the in-place method returns is
# what the name is bound to, None included.
class Counter:
    def __init__(self, n):
        self.n = n
    def __add__(self, other):
        print("add")
        return Counter(self.n + other)
    def __iadd__(self, other):
        print("iadd")
        self.n += other
        return self
    def __isub__(self, other):
        print("isub declines")
        return NotImplemented
    def __sub__(self, other):
        print("sub")
        return Counter(self.n - other)
    def __imul__(self, other):
        print("imul returns None")
    def __repr__(self):
        return f"Counter({self.n})"

c = Counter(1)
alias = c
c += 5
print(c, alias, c is alias)
c -= 2
print(c, alias, c is alias)
c = c + 1
print(c)
c *= 3
print(c)

class Right:
    def __radd__(self, other):
        return f"radd {other}"
r = 10
r += Right()
print(r)
x = Counter(0)
x **= 2 if False else 1
