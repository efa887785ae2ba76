import asyncio


class Greeter:
    def __init__(self, word):
        self.word = word

    def greet(self, who):
        return f"{self.word}, {who}"

    def later(self, who):
        print("callback:", self.greet(who))


async def main():
    g = Greeter("hi")
    m = g.greet
    print(m("x"), list(map(g.greet, ["a", "b"])))
    loop = asyncio.get_running_loop()
    loop.call_later(0.5, g.later, "timer")
    loop.call_soon(g.later, "soon")
    await asyncio.sleep(1)
    print(Greeter.greet(g, "unbound"))


asyncio.run(main())
