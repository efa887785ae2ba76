
class Version:
    def __init__(self, s):
        self.parts = tuple(int(p) for p in s.split("."))

    def __lt__(self, other):
        return self.parts < other.parts

    def __eq__(self, other):
        return self.parts == other.parts

    def __repr__(self):
        return ".".join(map(str, self.parts))


vs = [Version("1.10"), Version("1.2"), Version("0.9")]
print(sorted(vs), min(vs), max(vs), sorted(vs, reverse=True))
try:
    Version("1") <= Version("2")
except TypeError as e:
    print(e)
print(Version("2") > Version("1"))
