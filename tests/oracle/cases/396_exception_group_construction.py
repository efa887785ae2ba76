print(type(BaseExceptionGroup("b", [ValueError()])).__name__)
print(type(BaseExceptionGroup("b", [KeyboardInterrupt()])).__name__)
print(repr(BaseExceptionGroup("mixed", [ValueError(1), SystemExit(2)])))
cases = [
    ("x",),
    ("x", []),
    ("x", 5),
    (1, [ValueError()]),
    ("x", [1]),
    ("x", [KeyboardInterrupt()]),
]
for args in cases:
    try:
        ExceptionGroup(*args)
    except (TypeError, ValueError) as e:
        print(type(e).__name__ + ":", e)
eg = ExceptionGroup("g", (ValueError(1),))
print(repr(eg), eg.exceptions)
try:
    eg.split(5)
except TypeError as e:
    print("TypeError:", e)
try:
    eg.split("ValueError")
except TypeError as e:
    print("TypeError:", e)
