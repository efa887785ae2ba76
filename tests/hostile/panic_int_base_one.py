# Found by `cargo xtask fuzz` (seed 20261203): int() with a base outside 2 to
# 36 (and not 0) panicked inside num-bigint instead of raising ValueError.
for base in (1, -3, 37, 0, 2, 36):
    try:
        print(base, int("11", base))
    except ValueError as e:
        print(base, "ValueError:", e)
print(int((),bin(5),int("0",(1**7))("")()()))
