# Found by `cargo xtask fuzz 900 --seed 20261214`: each cache wraps the last
# until the memory limit stops the run; freeing the chain then overflowed
# the native stack.
import functools
def config_for():()
while True:config_for=functools.lru_cache(config_for)
