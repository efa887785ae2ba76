class Box:
    def __init__(self):
        self.a = 1


b = Box()
setattr(b, "b", 2)
print(getattr(b, "a"), b.b, getattr(b, "c", "missing"), hasattr(b, "a"), hasattr(b, "zz"))
try:
    b.nothing
except AttributeError as e:
    print(e)
try:
    Box.nothing
except AttributeError as e:
    print(e)
delattr(b, "a")
print(hasattr(b, "a"), vars(b))
