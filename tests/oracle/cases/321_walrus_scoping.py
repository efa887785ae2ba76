data = [3, 8, 1, 9, 4]
if (n := len(data)) > 3:
    print("long", n)
doubled = [y for x in data if (y := x * 2) > 5]
print(doubled, y)


def last_seen(items):
    seen = [last := v for v in items]
    return seen, last


print(last_seen("abc"))


def nested():
    total = 0
    sums = [[total := total + a * b for b in range(3)] for a in range(2)]
    return sums, total


print(nested())
print([(w := k) for k in range(3)], w)
while (chunk := data[:2]):
    print("chunk", chunk)
    data = data[2:]
