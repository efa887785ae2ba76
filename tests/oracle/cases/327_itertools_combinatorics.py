from itertools import product, permutations, combinations, combinations_with_replacement

print(list(product("ab", [1, 2])))
print(len(list(product(range(3), repeat=3))), list(product()))
print(list(permutations("abc")))
print(list(permutations(range(4), 2)))
print(list(combinations([1, 2, 3, 4], 3)))
print(list(combinations("ab", 3)), list(combinations("ab", 0)))
print(list(combinations_with_replacement("abc", 2)))
print(sum(1 for _ in permutations(range(5))))
