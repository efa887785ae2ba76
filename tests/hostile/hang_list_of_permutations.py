# Found by `cargo xtask fuzz 90 --seed 20261209`: one call that builds 3.6
# million tuples.  `list()` of a lazy iterator never read the memory gauge
# while it grew, so the run reached 1.3 GB and, printing it, took 17 s before
# the output limit stopped it.  The list now reads the gauge as it grows, and
# the run stops at the memory limit in under a second.
from itertools import permutations
print(list(permutations("ing porple")))
