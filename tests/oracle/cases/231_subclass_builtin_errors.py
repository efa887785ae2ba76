import asyncio


class ConfigError(ValueError):
    pass


class Deadline(TimeoutError):
    def __str__(self):
        return "deadline passed"


async def main():
    try:
        async with asyncio.timeout(0.5):
            await asyncio.sleep(1)
    except TimeoutError as e:
        print("timeout", type(e).__name__)
    try:
        raise ConfigError("missing key")
    except ValueError as e:
        print(type(e).__name__, e, isinstance(e, ConfigError))
    try:
        raise Deadline()
    except OSError as e:
        print(type(e).__name__, str(e), e)


asyncio.run(main())
raise ConfigError("fatal config")
