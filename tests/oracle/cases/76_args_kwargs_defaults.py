def greet(name, greeting="Hello", punctuation="!"):
    return f"{greeting}, {name}{punctuation}"


def total(*numbers, start=0):
    result = start
    for n in numbers:
        result += n
    return result


def describe(first, *rest):
    return f"first={first} rest={list(rest)}"


print(greet("Ada"))
print(greet("Ada", "Hi"))
print(greet("Ada", punctuation="?"))
print(greet(greeting="Hey", name="Bob"))
print(total(), total(1, 2, 3), total(1, 2, start=100))
values = [4, 5, 6]
print(total(*values), describe(*values), describe("only"))
try:
    greet()
except TypeError as e:
    print("TypeError:", e)
