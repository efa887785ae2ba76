class Timer:
    def __init__(self, label):
        self.label = label
        self.entered = False

    def __enter__(self):
        self.entered = True
        print("enter", self.label)
        return self

    def __exit__(self, exc_type, exc, tb):
        print("exit", self.label, exc_type, exc)
        return False


with Timer("a") as t:
    print("inside", t.label, t.entered)

try:
    with Timer("b"):
        1 / 0
except ZeroDivisionError as e:
    print("caught", e)


class Nothing:
    pass


try:
    with Nothing():
        pass
except TypeError as e:
    print(e)
