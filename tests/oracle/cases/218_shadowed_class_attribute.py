class Counter:
    count = 0
    items = []

    def bump(self):
        self.count += 1
        self.items.append(self.count)


a = Counter()
b = Counter()
a.bump()
a.bump()
b.bump()
print(a.count, b.count, Counter.count, Counter.items, a.items is b.items)
del a.count
print(a.count)
