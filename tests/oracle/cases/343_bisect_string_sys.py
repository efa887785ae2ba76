import bisect
import string
import sys

grades = [60, 70, 80, 90]
for score in [55, 70, 85, 99]:
    print(score, "FDCBA"[bisect.bisect(grades, score)])
xs = [1, 3, 3, 5]
print(bisect.bisect_left(xs, 3), bisect.bisect_right(xs, 3), bisect.bisect_left(xs, 3, 2))
bisect.insort(xs, 4)
bisect.insort_left(xs, 3)
print(xs)
events = [(1, "a"), (5, "c")]
bisect.insort(events, (3, "b"), key=lambda e: e[0])
print(events, bisect.bisect_left(events, 5, key=lambda e: e[0]))
print(string.ascii_letters, string.hexdigits, string.octdigits)
print(string.punctuation, repr(string.whitespace))
print(sys.argv, sys.version_info[:2] >= (3, 12), sys.version_info.major, sys.maxsize)
