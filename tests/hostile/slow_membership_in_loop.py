big = [0] * 10**6
n = 0
while True:
    n += -1 in big
