import asyncio

PAGES = {None: (["a", "b"], "p2"), "p2": (["c", "d"], "p3"), "p3": (["e"], None)}


async def fetch_page(token):
    await asyncio.sleep(0.2)
    print(f"fetched page {token}")
    return PAGES[token]


async def all_items():
    token = None
    while True:
        items, token = await fetch_page(token)
        for item in items:
            yield item
        if token is None:
            return


async def main():
    async for item in all_items():
        print("item", item)
    collected = [x async for x in all_items()]
    print(collected)


asyncio.run(main())
