import math

print(math.sqrt(2), math.sqrt(16), math.pi, math.e)
print(math.floor(2.7), math.ceil(2.1), math.floor(-2.5), math.ceil(-2.5))
print(math.isclose(0.1 + 0.2, 0.3), math.fabs(-3), math.pow(2, 10))
print(math.gcd(12, 18), math.factorial(20), math.inf > 10 ** 100)
print(math.log10(1000), math.log2(8), math.floor(math.pi * 100) / 100)
print(math.hypot(3, 4), math.trunc(-3.7), math.isqrt(99))
