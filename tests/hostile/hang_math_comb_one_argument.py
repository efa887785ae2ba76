# Found by the API sweep (crates/py/src/runtime/api_sweep.rs): math.comb with
# one argument took k = n and multiplied a million big integers (minutes);
# math.comb(10**18, 10**17) never ended. CPython raises TypeError for the
# first, and Loopscope now bounds the size of the result.
import math

try:
    math.comb(10**6)
except TypeError as e:
    print(e)
print(math.comb(10**6, 2))
try:
    math.comb(10**18, 10**17)
except OverflowError as e:
    print("OverflowError")
