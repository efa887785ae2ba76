import asyncio
import functools


def config_for(region):
    print("loading config for", region)
    return {"region": region, "limit": len(region)}


config_for = functools.lru_cache(maxsize=8)(config_for)


async def handle(i, region):
    await asyncio.sleep(0.01 * i)
    cfg = config_for(region)
    print(i, cfg["region"], cfg["limit"])


async def main():
    regions = ["eu", "us", "eu", "ap", "us", "eu"]
    await asyncio.gather(*[handle(i, r) for i, r in enumerate(regions)])
    info = config_for.cache_info()
    print(info)
    print(info.hits, info.misses, info.currsize, config_for.__wrapped__("xx")["limit"])


asyncio.run(main())
