# Found by cargo xtask fuzz (seed 7): str.center/ljust/zfill widths bypass the
# 10 M character limit. center(2**53) aborts ("memory allocation of 4503599627370496
# bytes failed", exit 134); zfill(2**40) and ljust(10**9) run for over 20 s.
# CPython raises OverflowError / MemoryError.
print(len("".center(2**53)))
