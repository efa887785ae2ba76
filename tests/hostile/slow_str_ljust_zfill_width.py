# Found by cargo xtask fuzz: like abort_str_center_huge_width.py, a padding
# width is not counted against the character limit (over 20 s, then gigabytes).
x = "ab".ljust(10**9)
print(len(x))
print(len("".zfill(2**40)))
