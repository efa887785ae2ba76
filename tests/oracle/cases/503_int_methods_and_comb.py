# Calls no tutorial makes, answered as CPython answers them: int methods
# that were bound but never dispatched (`(7).conjugate()` recursed until the
# stack overflowed), their arity, and math.comb and math.perm's argument
# checks (a one-argument `math.comb(10**6)` used to run for minutes).
import asyncio
import math


async def main():
    calls = [
        ("(7).conjugate()", lambda: (7).conjugate()),
        ("True.conjugate()", lambda: True.conjugate()),
        ("True.bit_length()", lambda: True.bit_length()),
        ("(2**70).bit_length()", lambda: (2**70).bit_length()),
        ("(2**70).conjugate()", lambda: (2**70).conjugate()),
        ("(7).bit_length(1)", lambda: (7).bit_length(1)),
        ("(7).conjugate(x=1)", lambda: (7).conjugate(x=1)),
        ("(2.5).is_integer()", lambda: (2.5).is_integer()),
        ("math.comb(10, 3)", lambda: math.comb(10, 3)),
        ("math.comb(10**6)", lambda: math.comb(10**6)),
        ("math.comb(10**6, 2)", lambda: math.comb(10**6, 2)),
        ("math.comb(100, 98)", lambda: math.comb(100, 98)),
        ("math.perm(5)", lambda: math.perm(5)),
        ("math.perm(10, 3)", lambda: math.perm(10, 3)),
        ("math.perm(5, None)", lambda: math.perm(5, None)),
        ("math.comb(2.5, 1)", lambda: math.comb(2.5, 1)),
        ("math.comb(-1, 2)", lambda: math.comb(-1, 2)),
        ("math.comb(3, -2)", lambda: math.comb(3, -2)),
        ("math.comb(3, 5)", lambda: math.comb(3, 5)),
        ("math.perm(1, 2, 3)", lambda: math.perm(1, 2, 3)),
        ("math.perm()", lambda: math.perm()),
    ]
    for text, call in calls:
        try:
            print(text, call())
        except Exception as e:
            print(text, type(e).__name__, e)
        await asyncio.sleep(0.001)


asyncio.run(main())
