import asyncio
import random

random.seed(42)
print([round(random.random(), 6) for _ in range(3)])
print([random.randint(1, 10) for _ in range(5)])
print(random.choice(["red", "green", "blue"]), random.uniform(1, 2))
deck = list(range(8))
random.shuffle(deck)
print(deck)
random.seed(7)


async def worker(name):
    delay = round(random.uniform(0.05, 0.5), 2)
    print(name, "sleeps", delay)
    await asyncio.sleep(delay)
    print(name, "woke")


async def main():
    await asyncio.gather(*[worker(f"w{i}") for i in range(4)])


asyncio.run(main())
