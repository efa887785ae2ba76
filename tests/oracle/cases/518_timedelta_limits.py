from datetime import timedelta

# The limits where CPython's C and pure-Python datetime agree (the overflow
# messages differ between the two: see the fixture timedelta_overflow_messages).
cases = [dict(microseconds=float('inf')), dict(microseconds=float('nan')), dict(days=float('-inf')),
         dict(days=-999999999), dict(days=999999999, hours=23, minutes=59, seconds=59, microseconds=999999),
         dict(weeks=1, days=-7, hours=24, minutes=-1440), dict(microseconds=-1)]
for kw in cases:
    try:
        print(repr(timedelta(**kw)))
    except Exception as e:
        print(type(e).__name__, e)
print(repr(timedelta.max), repr(timedelta.min), repr(-timedelta.min - timedelta(days=1)))
print(repr(timedelta(0) * 10**100), repr(timedelta(days=1) * 0.5))
