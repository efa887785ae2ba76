import asyncio


class AppError(Exception):
    """Base of this app's errors."""


class NotFound(AppError):
    def __init__(self, key):
        super().__init__(f"no such key: {key}")
        self.key = key


class Throttled(AppError):
    pass


async def lookup(key: str, delay: float) -> str:
    await asyncio.sleep(delay)
    if key.startswith("x"):
        raise NotFound(key)
    if key.startswith("t"):
        raise Throttled(key)
    return key * 2


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            for k, d in [("ab", 0.1), ("xy", 0.2), ("tt", 0.3), ("cd", 0.05)]:
                tg.create_task(lookup(k, d))
    except* NotFound as eg:
        for e in eg.exceptions:
            print("not found:", e.key)
    except* AppError as eg:
        print("other app errors:", [str(e) for e in eg.exceptions])
    try:
        async with asyncio.timeout(0.15):
            await lookup("slow", 1)
    except TimeoutError:
        print("timed out at", round(asyncio.get_running_loop().time(), 2))
    eg = ExceptionGroup("batch", [NotFound("k1"), Throttled("t"), ValueError("v")])
    app, rest = eg.split(AppError)
    print(repr(app), repr(rest))
    print(issubclass(NotFound, AppError), isinstance(NotFound("z"), Exception), NotFound.__mro__[1].__name__)


asyncio.run(main())
