from dataclasses import dataclass, field, asdict


@dataclass
class JobRecord:
    id: int
    url: str
    retries: int = 0
    tags: list = field(default_factory=list)

    def describe(self):
        return f"#{self.id} {self.url} ({self.retries} retries)"


r = JobRecord(1, "http://a")
r.retries += 2
r.tags.append("slow")
print(r)
print(r.describe())
print(r == JobRecord(1, "http://a", 2, ["slow"]), r == JobRecord(2, "http://a"))
print(asdict(r))
print(JobRecord(3, url="u", tags=["x"]))
try:
    JobRecord()
except TypeError as e:
    print(e)
try:
    hash(r)
except TypeError as e:
    print(e)
