import asyncio, contextvars, sys
from dataclasses import dataclass, field
from typing import NamedTuple
from enum import Enum, IntEnum

request_id = contextvars.ContextVar("request_id", default="-")

class Point(NamedTuple):
    x: int
    y: int = 0
    def norm(self):
        return abs(self.x) + abs(self.y)

@dataclass(frozen=True)
class Config:
    name: str
    retries: int = 3
    tags: tuple = ()

@dataclass
class Stats:
    hits: int = 0
    misses: int = field(default=0)
    ratio: float = field(init=False, default=0.0)
    def __post_init__(self):
        self.ratio = self.hits / max(1, self.hits + self.misses)

class Color(IntEnum):
    RED = 1
    GREEN = 2

class Mode(Enum):
    FAST = "fast"
    SLOW = "slow"
    @property
    def delay(self):
        return 0.1 if self is Mode.FAST else 0.5

async def handle(i, mode):
    request_id.set(f"req-{i}")
    await asyncio.sleep(mode.delay)
    return f"{request_id.get()} {mode.name.lower()}"

async def main():
    print(await asyncio.gather(handle(1, Mode.FAST), handle(2, Mode("slow"))), request_id.get())
    p = Point(3, -4)
    print(p, p.norm(), p._asdict(), Point._fields)
    c = Config("svc")
    try:
        c.name = "x"
    except Exception as e:
        print(type(e).__name__, e)
    print(c, Stats(3, 1), Color.RED + 1, Color(2).name, sorted(Color, reverse=True))
    print({**{"a": 1}, "b": 2} | {"c": 3}, "prefix_x".removeprefix("prefix_"), (255).bit_length(), divmod(17, 5), round(2.5), round(3.5))
    print(list(zip("ab", [1, 2], strict=True)), max([], default=None), isinstance(1, int | str), list(enumerate("xy", start=1)))
    print(sum([0.1] * 3, start=1), "{a}-{b}".format_map({"a": 1, "b": 2}), "Straße".casefold(), "42".zfill(5), "a=b=c".partition("="))
    print("err line", file=sys.stderr)
    loop = asyncio.get_running_loop()
    loop.call_at(loop.time() + 0.2, print, "call_at fired")
    await asyncio.sleep(0.3)
    async with asyncio.timeout_at(loop.time() + 0.1) as cm:
        cm.reschedule(loop.time() + 0.5)
        await asyncio.sleep(0.2)
    print("rescheduled ok", cm.expired())

asyncio.run(main())
