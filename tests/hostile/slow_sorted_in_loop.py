big = list(range(10**6))
while True:
    big = sorted(big)
