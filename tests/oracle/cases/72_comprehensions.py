nums = [5, 3, 8, 1, 9, 2]
squares = [n * n for n in nums]
evens = [n for n in nums if n % 2 == 0]
pairs = [(a, b) for a in range(3) for b in range(a)]
table = {n: n * n for n in nums if n > 2}
unique = {n % 3 for n in nums}
nested = [[i * j for j in range(3)] for i in range(3)]
flat = [x for row in nested for x in row]
print(squares)
print(evens)
print(pairs)
print(table)
print(sorted(unique))
print(nested)
print(flat)
print(sum(n for n in nums if n > 4))
print([s.upper() for s in "a b c".split()])
