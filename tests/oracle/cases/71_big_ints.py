big = 2 ** 100
print(big)
print(big * big)
print(-(3 ** 50))
print(10 ** 30 // 7, 10 ** 30 % 7)
print(-(10 ** 20) // 3, -(10 ** 20) % 3)
f = 1
for i in range(1, 31):
    f *= i
print("30! =", f)
print(int("123456789012345678901234567890") + 1)
print(abs(-(2 ** 70)), big > 2 ** 99, big == 2 ** 100)
print(f"{2 ** 64:,}", len(str(2 ** 1000)))
print(2 ** 63 - 1 + 1, -(2 ** 63) - 1)
print(big / 3)
