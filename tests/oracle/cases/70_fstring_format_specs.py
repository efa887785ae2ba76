pi = 3.14159265358979
n = 1234567
name = "loop"
print(f"{pi:.2f}|{pi:8.3f}|{pi:<8.1f}|{pi:^9.2f}|{pi:+.1f}")
print(f"{n:,}|{n:_}|{n:>12,}|{n:012d}|{-n:+d}")
print(f"{255:x}|{255:X}|{255:#x}|{5:b}|{8:o}|{255:08b}")
print(f"{name!r}|{name:>8}|{name:*^10}|{name:<6}|")
print(f"{0.000123:.2e}|{123456.789:e}|{1e-7:g}|{2.5:g}|{1e20:g}")
print(f"{0.256:.1%}|{1/3:.3}|{2/3:.10f}")
print(f"{'nested ' + name.upper()}: {len(name) * 2} {[i * i for i in range(4)]}")
print(f"{{literal braces}} {n // 1000}k")
width = 7
print(f"[{pi:{width}.2f}]")
print(f"{True}|{None}|{[1, 'a', 2.0]}|{(1,)}|{ {'k': 1} }")
