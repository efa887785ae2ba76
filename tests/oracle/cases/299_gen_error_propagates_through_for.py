def parse(items):
    for item in items:
        print("parsing", item)
        yield int(item)


total = 0
for n in parse(["1", "2", "three", "4"]):
    total += n
    print("running total", total)
