from contextlib import contextmanager


@contextmanager
def tag(name):
    print(f"<{name}>")
    try:
        yield name.upper()
    finally:
        print(f"</{name}>")


with tag("p") as t:
    print("inside", t)

with tag("div"):
    with tag("span"):
        print("nested")

try:
    with tag("b"):
        raise ValueError("inside the block")
except ValueError as e:
    print("propagated:", e)
