from enum import Enum


class Op(Enum):
    ADD = "+"
    SUB = "-"

    def apply(self, a, b):
        if self is Op.ADD:
            return a + b
        return a - b

    @property
    def symbol(self):
        return self.value


print(Op.ADD.apply(2, 3), Op("-").apply(5, 1), Op.SUB.symbol)
print({op.name: op.value for op in Op})
print(Op.ADD == Op.ADD, Op.ADD != Op.SUB, Op.ADD == "+", type(Op.ADD).__name__, isinstance(Op.SUB, Op))
print(Op.__members__)
