print(10 ** 400 // 10 ** 399, 2 ** 100 / 3, (2 ** 100 + 1) / 2 ** 100)
print(-2 ** 100 // 3, (-2 ** 100) % 7, -(2 ** 100) // -3, 2 ** 1000 % 997, (-7) ** 21)
print(float(2 ** 1000), float(2 ** 53 + 1), int(1e20), int(2.5e20), int(-1e19))
try:
    float(2 ** 1024)
except OverflowError as e:
    print("OverflowError:", e)
try:
    int(float("inf"))
except OverflowError as e:
    print("OverflowError:", e)
try:
    int(float("nan"))
except ValueError as e:
    print("ValueError:", e)
print(5e-324, 1.7976931348623157e308, 2.2250738585072014e-308, 0.1 * 3, 1 / 3 * 3, 100 / 3)
print(1e-7, 1.0000000000000002, 9.999999999999999e22, 1e23, 0.1 + 0.7, 4.35 * 100)
print(abs(-0.0), max(0.0, -0.0), min(-0.0, 0.0), -0.0 + 0.0, 0.0 * -1, round(-0.4))
print(round(0.5), round(1.5), round(-1.5), round(2.5), round(5, -1), round(15, -1), round(25, -1))
print(round(0.125, 2), round(0.375, 2), round(1.005, 2), round(2.5, 0), round(-2.5, 0), round(1e16 + 1))
print(3 * 0.1 == 0.3, abs(3 * 0.1 - 0.3) < 1e-9, 0.1 ** 2, 2 ** 0.5 * 2 ** 0.5, 1e300 * 1e-300)
print(7 // 0.5, 7.5 // 2, -7.5 // 2, 7.5 % 2, -7.5 % 2, 7 % -3, -7 % 3, 2 ** -2, (-8) ** 2)
print(int("0012"), int("-7"), float(" 2.5 "), float("-inf"), float("1e500"), float("-0"))
print(sum([1, 2.5]), sum([], 10), sum([0.1, 0.2, 0.3]), sum([1e100, 1.0, -1e100]), max(1, True))
big = 1
for i in range(1, 31):
    big *= i
print(big, big // 2 ** 26, big % 10 ** 9, str(big)[:5], len(str(big ** 3)))
print(f"{big:,}", f"{big:e}", f"{2 ** 64:x}", f"{-255:x}", f"{big / 7:.3e}", f"{3:.2f}")
print(f"{1234.5:.2}", f"{3.14159:.3}", f"{0.125:.2f}", f"{0.375:.2f}", f"{-0.0:.1f}")
print(f"{'abc':.2}", f"{True:d}", f"{5:#b}", f"{123:+}", f"{1e100:.3g}", f"{0.1:.20f}")
print(f"{1e16}", f"{1e16:.0f}", f"{12345678901234567890:,}", f"{0.00001:f}", f"{1.5:.0f}", f"{0.5:.0f}")
x = 3
print(f"{x=}", f"{x + 1=}", f"{x!r:>4}", f"{'q'!r:^7}|")
