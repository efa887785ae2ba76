import asyncio


class_names = {"RED": 1}


async def main():
    loop = asyncio.get_running_loop()
    states = ["pending", "running", "done", "cancelled"]
    for s in states:
        match s:
            case "pending" | "running":
                print(s, "is active")
            case "done":
                print(s, "finished")
            case unknown:
                print("unknown state", unknown)
    match asyncio.FIRST_COMPLETED:
        case asyncio.ALL_COMPLETED:
            print("all")
        case asyncio.FIRST_COMPLETED:
            print("first completed matched by value")
    t = asyncio.create_task(asyncio.sleep(0.2, result="ok"))
    await t
    match t.result(), loop.time():
        case ("ok", when):
            print("result ok at", when)
    match {"code": 404}:
        case {"code": 200 | 201}:
            print("success")
        case {"code": int(code)} if 400 <= code < 500:
            print("client error", code)
    match [1, "a", 2.5, None]:
        case [int(i), str(s), float(f), None]:
            print("typed", i, s, f)
    match 5:
        case int(n, m):
            print(n, m)


asyncio.run(main())
