class Empty:
    def __len__(self):
        return 0


class Flag:
    def __init__(self, on):
        self.on = on

    def __bool__(self):
        return self.on


print(bool(Empty()), not Empty(), bool(Flag(True)), bool(Flag(False)))
if Flag(False) or Empty():
    print("truthy")
else:
    print("falsy")
x = Flag(True) and "yes"
print(x)
while Flag(False):
    print("never")
print([f.on for f in [Flag(True), Flag(False)] if f])
