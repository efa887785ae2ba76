print(2 ** 53 + 1 == float(2 ** 53 + 1), 2 ** 53 == float(2 ** 53), 10 ** 400 > 1e308, 10 ** 400 < float("inf"))
print(sorted([3, 1.5, 2 ** 70, -0.0, 0, -2 ** 70, 1e21]), max(2 ** 70, 1e21), min(0, -0.0), min(-0.0, 0))
print(len({2 ** 53, float(2 ** 53), 2 ** 53 + 1}), {1.0: "a", 1: "b"}, 0.5 == 1 / 2, 1e21 == 10 ** 21)
print(f"{2 ** 70:.2f}", f"{2 ** 70:,}", f"{-2 ** 70:e}", f"{10 ** 25:g}", divmod(7.5, 2), divmod(-7, -2))
try:
    print(2 ** 1100 * 0.5)
except OverflowError as e:
    print("OverflowError:", e)
try:
    print(2.0 ** 2000)
except OverflowError as e:
    print("OverflowError:", e)
print(round(2 ** 70 + 0.5), round(1e22), int(1e22), 2 ** 70 // 1.0, 7 // 2 * 2.0, 2 ** 64 % 1e10)
print(abs(-2 ** 70), -2 ** 70 < -1e21, (2 ** 70) ** 2 > 1e42, 3 * (10 ** 20) == 3e20, 0.1 * 10 == 1.0)
