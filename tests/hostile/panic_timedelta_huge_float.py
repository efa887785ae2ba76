# Found by `cargo xtask fuzz 600 --seed 20261212`: a float of microseconds
# too large for any timedelta saturated to i128::MIN, whose absolute value
# overflowed (a panic in a debug build, a wrong timedelta in a release
# build).  It is now CPython's OverflowError.
from datetime import timedelta
print(repr(timedelta(microseconds=-1e308)))
