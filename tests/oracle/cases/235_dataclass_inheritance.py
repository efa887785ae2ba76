from dataclasses import dataclass, field


@dataclass
class Event:
    name: str
    at: float = 0.0


@dataclass
class Alarm(Event):
    level: int = 1
    notes: list = field(default_factory=list, repr=False)

    def __post_init__(self):
        self.label = f"{self.name}@{self.at}"


a = Alarm("fire", 1.5, level=3)
print(a, a.label, a.notes)
print(Alarm("x") == Alarm("x"), Alarm("x") == Event("x"))
try:
    @dataclass
    class Bad:
        a: int = 1
        b: int
except TypeError as e:
    print(e)
