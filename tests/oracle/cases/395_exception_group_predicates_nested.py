inner = ExceptionGroup("inner", [ValueError(3), KeyError("k")])
eg = ExceptionGroup("outer", [ValueError(1), TypeError("t"), inner])

match, rest = eg.split(ValueError)
print(repr(match))
print(repr(rest))
print(repr(eg.subgroup((TypeError, KeyError))))


def big_value(e):
    return isinstance(e, ValueError) and e.args[0] > 1


print(repr(eg.split(big_value)))
print(eg.subgroup(lambda e: True) is eg)
print(repr(eg.split(ExceptionGroup)))
print(repr(eg.subgroup(lambda e: e.args and e.args[0] == "inner")))
print(eg.split(OSError))
derived = eg.derive([RuntimeError("r")])
print(repr(derived), derived.message)
print(eg.exceptions[2].exceptions)
print(str(eg), "|", str(match))
