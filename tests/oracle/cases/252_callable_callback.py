import asyncio


class Beeper:
    def __init__(self):
        self.calls = 0

    def __call__(self, label):
        self.calls += 1
        print("beep", label, self.calls)


async def main():
    loop = asyncio.get_running_loop()
    b = Beeper()
    loop.call_soon(b, "soon")
    loop.call_later(0.5, b, "later")
    await asyncio.sleep(1)
    print(b.calls)


asyncio.run(main())
