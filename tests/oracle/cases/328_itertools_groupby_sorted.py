from itertools import groupby

words = ["apple", "bob", "avocado", "banana", "cherry", "blue", "apricot"]
# groupby only groups neighbours: unsorted input gives repeated keys.
print([(k, list(g)) for k, g in groupby(words, key=lambda w: w[0])])
by_letter = sorted(words, key=lambda w: w[0])
for letter, group in groupby(by_letter, key=lambda w: w[0]):
    print(letter, list(group))
print([(k, len(list(g))) for k, g in groupby("aaabccdddd")])
runs = [k for k, _ in groupby([1, 1, 2, 2, 2, 1, 3, 3])]
print(runs)
