import sys
def f(n):
    return sorted([1], key=lambda x: f(n - 1)) if n else 0
print(f(300))
