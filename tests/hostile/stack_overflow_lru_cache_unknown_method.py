# Found by `cargo xtask fuzz` (seed 20261203): any attribute of a functools
# wrapper was a bound method, and calling it looked the attribute up and
# called it again, without end (a native stack overflow).
import asyncio
import functools


def config_for():
    return {"": 1}


config_for = functools.lru_cache(config_for)


@functools.wraps(config_for)
def renamed():
    pass


for f in (config_for, renamed):
    try:
        f.o()
    except AttributeError as e:
        print("AttributeError:", e)
print(config_for.cache_info())


async def main():
    o = config_for.o()


asyncio.run(main())
