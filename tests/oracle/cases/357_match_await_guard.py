import asyncio

allowed = {"ann", "bob"}


async def is_allowed(user):
    await asyncio.sleep(0.1)
    return user in allowed


async def main():
    requests = [("get", "ann", "/a"), ("get", "eve", "/b"), ("post", "bob", "/c", {"x": 1}), ("delete",)]
    for req in requests:
        match req:
            case ("get", user, path) if await is_allowed(user):
                print(f"{asyncio.get_running_loop().time():.1f} {user} reads {path}")
            case ("get", user, _):
                print(f"{asyncio.get_running_loop().time():.1f} {user} refused")
            case ("post", user, path, {"x": int(x)} as body) if x > 0:
                print("post", user, path, body)
            case (verb, *rest):
                print("unhandled", verb, rest)


asyncio.run(main())
