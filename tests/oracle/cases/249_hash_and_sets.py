class Id:
    def __init__(self, n):
        self.n = n

    def __repr__(self):
        return f"Id({self.n})"


a, b = Id(1), Id(1)
s = {a, b, a}
print(len(s), a in s, Id(1) in s)
d = {a: "x"}
d[a] = "y"
print(d[a], len(d))
print(hash(a) == hash(a))
