counter = 0


def bump():
    global counter
    counter += 1
    return counter


def make_accumulator():
    total = 0

    def add(n):
        nonlocal total
        total += n
        return total

    return add


bump()
bump()
print("counter", counter)
acc = make_accumulator()
acc(5)
acc(10)
print("accumulated", acc(0))
other = make_accumulator()
print("independent", other(1), acc(1))


def shadow():
    counter = 100
    return counter


print(shadow(), counter)
