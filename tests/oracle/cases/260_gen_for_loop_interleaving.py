def countdown(n):
    print("countdown starts")
    while n > 0:
        print("about to yield", n)
        yield n
        n -= 1
    print("countdown ends")


for x in countdown(3):
    print("loop body got", x)
print("after loop")
