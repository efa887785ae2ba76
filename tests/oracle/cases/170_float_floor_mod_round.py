import math

# Float floor division and modulo follow fmod, so 1 // 0.1 is 9.0, not 10.0.
print(1 // 0.1, 1 % 0.1, divmod(1, 0.1), -7.5 // 2, 7.0 // -2, -7 % 3.0)
print(float("inf") // 1, float("inf") % 3, divmod(-1e-300, 1e300))

# round() with ndigits rounds the exact value of the float, ties to even.
print(round(2.675, 2), round(0.125, 2), round(1e300, -299), round(-0.4, 0), round(12345.678, -2))
print(round(5, -1), round(15, -1), round(-25, -1), round(123456789, -3), round(10 ** 30 + 5 * 10 ** 9, -10))
print(round(2.5), round(-0.5), round(2 ** 70 + 0.5), round(1.5, None), round(7, 2))

# Ints too large for a float raise instead of becoming inf.
for expr in [
    lambda: float(10 ** 400),
    lambda: 10 ** 400 + 0.0,
    lambda: 10 ** 400 // 1.5,
    lambda: (2 ** 1100) ** -1,
    lambda: math.sqrt(10 ** 400),
    lambda: math.isfinite(10 ** 400),
    lambda: f"{10 ** 400:.2f}",
    lambda: sum([0.5, 10 ** 400]),
    lambda: float(2 ** 1024 - 2 ** 970),
    lambda: round(1.7e308, -308),
    lambda: divmod(7.0, 0),
    lambda: 0 ** -1,
    lambda: pow(2, -1, 4),
]:
    try:
        print(expr())
    except (OverflowError, ZeroDivisionError, ValueError) as e:
        print(type(e).__name__ + ":", e)

# The math module's logarithms accept any positive int.
print(math.log(10 ** 400), math.log10(10 ** 400), math.log2(2 ** 2000), math.log(10 ** 400, 10))
print(float(2 ** 1024 - 2 ** 971), 2 ** -1100, 2 ** -1, pow(2, -1, 7), pow(3, 4, -5))

# Comparisons between ints and floats are exact; NaN compares false.
nan = float("nan")
print(1 < nan, 1 <= nan, nan >= 10 ** 30, nan == nan, 10 ** 400 > float("-inf"))
print(2 ** 64 - 1 < 1.8446744073709552e19, 9007199254740993 > 9007199254740992.0, 10 ** 23 == 1e23)
print(sorted([2 ** 64, 1.8446744073709552e19, 2 ** 64 - 1]), {2 ** 70: 1, 2.0 ** 70: 2}, 2 ** 70 in {2.0 ** 70})
