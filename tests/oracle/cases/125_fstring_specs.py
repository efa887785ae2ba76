pi = 3.14159265358979
n = 1234567
s = "hi"
print(f"[{pi:>8.3f}] [{pi:<8.2f}] [{pi:^9.1f}] [{pi:08.2f}] [{-pi:+.2f}] [{pi:+.0f}]")
print(f"[{n:,}] [{n:_}] [{n:>12,}] [{n:x}] [{n:X}] [{n:o}] [{n:b}] [{255:#x}] [{255:08b}]")
print(f"[{pi:08.2e}] [{n:.3e}] [{0.000123:e}] [{pi:g}] [{1e-7:g}] [{123456789.0:g}]")
print(f"[{s!r}] [{s:>5}] [{s:*^6}] [{s:<4}|] [{'x'!r:>6}] [{[1, 'a']!r}]")
print(f"[{0.5:.0%}] [{0.12345:.2%}] [{42:5d}] [{-42:05d}] [{42:<5d}|] [{True}]")
print(f"{n / 7:.4f} {1 / 3:.10f} {2.5:.0f} {3.5:.0f} {1e20:.2f} {12:.3f}")
w = 10
p = 3
print(f"[{pi:{w}.{p}f}] [{s:>{w}}] {{braces}} {n!s} {3 + 4} {'nested ' + s}")
print(f"{'left':<10}|{'right':>10}|{'mid':^10}|")
for name, score in [("ann", 9.5), ("bob", 10), ("cy", 7.25)]:
    print(f"{name:<6}{score:>6.2f}{score * 10:>8,.1f}")
print("{} and {:>4} and {name}".format(1, "b", name="kw"))
print(format(1234.5, ",.2f"), format(7, "03d"), str(-0.5), repr("it's"), repr('say "x"'))
