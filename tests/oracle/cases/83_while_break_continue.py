n = 0
while True:
    n += 1
    if n % 2 == 0:
        continue
    if n > 7:
        break
    print("odd", n)

found = None
for row in range(3):
    for col in range(3):
        if row * col == 2:
            found = (row, col)
            break
    if found is not None:
        break
print("found", found)

total = 0
i = 10
while i > 0:
    total += i
    i -= 3
print("total", total, "i", i)
x = 5
x *= 3
x -= 1
x //= 2
x **= 2
x %= 10
print("x", x)
print(1 < 2 < 3, 1 < 3 < 2, not True, True and 0, None or "default", 0 or [] or "last")
