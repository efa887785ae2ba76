import asyncio
import json


async def producer(q):
    for msg in [{"op": "add", "args": [1, 2]}, {"op": "echo", "text": "héllo"}, {"op": "bad"}]:
        await asyncio.sleep(0.1)
        await q.put(json.dumps(msg))
    await q.put('{"op": "stop"')


async def main():
    q = asyncio.Queue()
    asyncio.create_task(producer(q))
    while True:
        raw = await q.get()
        print("raw", raw)
        try:
            msg = json.loads(raw)
        except json.JSONDecodeError as e:
            print("bad message:", e)
            break
        match msg:
            case {"op": "add", "args": [a, b]}:
                print("sum", a + b)
            case {"op": "echo", "text": str(text)}:
                print("echo", text)
            case _:
                print("unknown", json.dumps(msg, sort_keys=True))
    report = {"done": True, "at": asyncio.get_running_loop().time(), "tags": ("a", "b"), "n": None}
    print(json.dumps(report, indent=2))
    print(json.dumps([1.0, 1e20, -0.5], separators=(",", ":")), json.loads("[1e3, 12, -0]"))


asyncio.run(main())
