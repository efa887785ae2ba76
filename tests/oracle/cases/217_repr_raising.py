class Bad:
    def __repr__(self):
        raise RuntimeError("no repr for you")


class Good:
    def __repr__(self):
        return "Good()"

    def __str__(self):
        return "a good object"


print(Good(), repr(Good()), [Good()], f"{Good()!r} {Good()}")
try:
    print(Bad())
except RuntimeError as e:
    print("print failed:", e)
try:
    f"{[Bad()]}"
except RuntimeError as e:
    print("f-string failed:", e)
print(repr([Bad()]))
