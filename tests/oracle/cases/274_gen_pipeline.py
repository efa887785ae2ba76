def read_lines():
    lines = ["10 apples", "# comment", "3 pears", "", "7 plums"]
    for line in lines:
        print("read:", repr(line))
        yield line


def non_empty(lines):
    for line in lines:
        if line and not line.startswith("#"):
            yield line


def parse(lines):
    for line in lines:
        count, fruit = line.split()
        yield fruit, int(count)


total = 0
for fruit, count in parse(non_empty(read_lines())):
    print(f"{fruit}: {count}")
    total += count
print("total", total)
