class Countdown:
    def __init__(self, start):
        self.current = start

    def __iter__(self):
        return self

    def __next__(self):
        if self.current <= 0:
            raise StopIteration
        self.current -= 1
        return self.current + 1


class Bag:
    def __init__(self, items):
        self.items = items

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)

    def __contains__(self, x):
        return x in self.items

    def __getitem__(self, i):
        return self.items[i]


for n in Countdown(3):
    print(n)
print(list(Countdown(4)), sum(Countdown(5)), sorted(Countdown(3)))
b = Bag(["a", "b"])
print(len(b), "a" in b, "z" in b, b[1], list(b), [x * 2 for x in b])
it = iter(Countdown(2))
print(next(it), next(it), next(it, "done"))
print(bool(Bag([])), bool(Bag([1])))
