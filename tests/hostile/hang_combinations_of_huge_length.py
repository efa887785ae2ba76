# Found by `cargo xtask fuzz 900 --seed 20261210`: each item is a tuple of
# ten million.  `list()` counted the work of each item but folded it into the
# operations count only when the call returned, and read the memory gauge
# every 4096 items, so it built tuples for minutes.  It now folds the work
# after each item and reads the gauge after every million units of work, and
# the run stops at the memory limit in under a second.
from itertools import combinations_with_replacement
print(list(combinations_with_replacement("ab", 10**7)))
