# Zero padding with a thousands separator groups the zeros too, and
# str.format's specs may hold fields of their own, numbered after the value.
for v in [0, 7, 1234, -1234, 123456, 255]:
    print([format(v, s) for s in ["08,", "09,", "06,", "0=10,", "+09_", "010_x", "#012_x", "011_b"]])
for x in [0.5, 1234.5, -1234.5, 1e10, float("inf"), float("nan")]:
    print([format(x, s) for s in ["010,.2f", "012,.2f", "08,.1%", "015,e", "012,g", "+012,.2f"]])
print("{0:{1}.{2}f}|{3:{4}}|{5:{w}.{p}}|".format(1.0, 10, 3, "a", 5, 3.14159, w=8, p=3))
print("{:{}}|{:{}{}}|{x:{fill}^{}}|{{{}}}".format("x", 4, "y", ">", 3, 5, 6, x="m", fill="*"))
for bad in ["{:{:{}}}", "{0:{", "{0", "{0!", "{0!x}", "{0!rr}", "{!}", "{", "{0}{}", "{}{0}", "{0:{}}", "{:{0}}"]:
    try:
        print(repr(bad.format(1, 2, 3)))
    except ValueError as e:
        print(repr(bad), e)
print("{}{x}|{x}{}".format(1, 2, x=3))
# Precisions past 65 535 digits are written out in full.
s = format(0.1, ".70000f")
print(len(s), s[:22], s[-3:], len(format(2.5, ".70000e")), len(format(1e300, ".70000g")))
print(len("%.70000f" % 1.5), len(f"{1.5:70000.2f}"), len(format(12345, "070000,")))
