from collections import Counter

morning = Counter(ok=5, error=2, timeout=1)
evening = Counter(ok=3, error=4)
print(morning + evening)
print(morning - evening, evening - morning)
words = Counter("the quick the lazy the end".split())
print(words.most_common(), words["the"], "fox" in words, len(words))
words["fox"] += 1
del words["end"]
print(words, list(words), sorted(words.values()))
