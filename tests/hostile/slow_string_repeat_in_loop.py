while True:
    s = "x" * 10**7
