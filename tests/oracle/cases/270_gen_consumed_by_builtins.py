def numbers(n):
    for i in range(n):
        yield i * 3 % 7


print(list(numbers(6)))
print(tuple(numbers(4)))
print(sum(numbers(10)))
print(sorted(numbers(6)))
print(min(numbers(6)), max(numbers(6)))
print(set(numbers(8)) == {0, 1, 2, 3, 4, 5, 6})
print(dict((i, str(i)) for i in numbers(3)))
print("-".join(str(x) for x in numbers(5)))
print(list(map(str, numbers(3))))
print(list(filter(None, numbers(5))))
a, b, *rest = numbers(5)
print(a, b, rest)
print([*numbers(3), *numbers(2)])
print(sum(x for x in range(1, 101) if x % 2 == 0))
