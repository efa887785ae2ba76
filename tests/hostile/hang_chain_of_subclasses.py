# Each class derives from the one before, until the memory limit (every
# class keeps its MRO, as in CPython).  The MRO merge made each class cost
# as much as the square of its depth: 105 s to reach the limit; a single
# base now takes its MRO as it is.
class C:
    pass
while True:
    class C(C):
        pass
