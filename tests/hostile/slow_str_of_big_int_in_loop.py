x = 2**100000
while True:
    s = str(x)
