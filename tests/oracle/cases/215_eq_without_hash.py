class V:
    def __init__(self, x):
        self.x = x

    def __eq__(self, other):
        return isinstance(other, V) and self.x == other.x


class H(V):
    def __hash__(self):
        return hash(self.x)


print(V(1) == V(1), V(1) != V(2), V(1) == 1)
try:
    {V(1)}
except TypeError as e:
    print(e)
try:
    hash(V(1))
except TypeError as e:
    print(e)
print(hash(H(3)) == hash(3), H(1) == H(1))


class Plain:
    pass


p = Plain()
print(p == p, p == Plain(), len({p, p}))
