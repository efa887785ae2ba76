from enum import Enum, IntEnum


class Color(Enum):
    RED = "r"
    GREEN = "g"
    CRIMSON = "r"


class Level(IntEnum):
    LOW = 1
    MID = 5
    HIGH = 10


print(Color.CRIMSON is Color.RED, list(Color), Color("g"))
try:
    Color("x")
except ValueError as e:
    print(e)
print(Level.MID > Level.LOW, Level.HIGH == 10, Level.LOW + 1, sorted([Level.HIGH, Level.LOW]))
print(Level(5), str(Level.HIGH), f"{Level.MID}", repr(Level.LOW))
print(Color.RED.value, Level.HIGH.name)
