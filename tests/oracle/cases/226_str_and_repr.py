class User:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"User({self.name!r})"


class Tag:
    def __init__(self, t):
        self.t = t

    def __str__(self):
        return f"#{self.t}"


class Both(User):
    def __str__(self):
        return f"user {self.name}"


u = User("ann")
print(u, str(u), repr(u), [u], (u,), {"k": u}, f"{u}", f"{u!s}")
t = Tag("x")
print(t, f"{t}", f"{t:>5}|", str(t))
print(repr(t).startswith("<__main__.Tag object at 0x"))
b = Both("bob")
print(b, repr(b), [b], f"{b!r}")
