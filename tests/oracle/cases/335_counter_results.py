import asyncio
import random
from collections import Counter


async def probe(i):
    await asyncio.sleep(random.random())
    return random.choice(["ok", "ok", "timeout", "error"])


async def main():
    random.seed(7)
    results = await asyncio.gather(*[probe(i) for i in range(12)])
    tally = Counter(results)
    print(tally)
    print(tally.most_common(1), tally["missing"], tally.total())
    tally.update(["ok", "retry"])
    print(tally, sorted(tally.elements())[:3])
    tally.subtract({"ok": 2})
    print(tally.most_common())
    letters = Counter("mississippi")
    print(letters, Counter(a=2, b=1), Counter())
    print(list(letters.items()), letters == {"m": 1, "i": 4, "s": 4, "p": 2})


asyncio.run(main())
