# Found by `cargo xtask fuzz 180 --seed 20261205`: a program that makes new
# event loops forever and never closes them.  Each new loop passed over every
# loop object made so far to drop those of closed loops, so the run slowed
# down quadratically and never reached a limit (over 10 s).  Now each loop
# costs the same, and the run ends at the memory limit in about 3 s
# natively (CPython closes each loop when its object is collected, and
# loops forever).
import asyncio
while True:
    policy = asyncio.get_event_loop_policy()
    o = policy.new_event_loop()
