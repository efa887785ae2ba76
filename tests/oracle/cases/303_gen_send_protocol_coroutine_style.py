def grep(pattern):
    print(f"looking for {pattern!r}")
    matches = 0
    try:
        while True:
            line = yield
            if pattern in line:
                matches += 1
                print("match:", line)
    except GeneratorExit:
        print(f"{matches} matches, closing")


g = grep("py")
next(g)
for line in ["python", "rust", "pypy", "go"]:
    g.send(line)
g.close()
print(g.gi_running)
