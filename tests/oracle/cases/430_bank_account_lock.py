import asyncio
import random

random.seed(3)


class InsufficientFunds(Exception):
    pass


class Account:
    def __init__(self, owner: str, balance: int = 0):
        self.owner = owner
        self._balance = balance
        self._lock = asyncio.Lock()

    @property
    def balance(self) -> int:
        return self._balance

    async def transfer_to(self, other: "Account", amount: int) -> None:
        first, second = sorted([self, other], key=lambda a: a.owner)
        async with first._lock, second._lock:
            if self._balance < amount:
                raise InsufficientFunds(f"{self.owner} cannot send {amount}")
            await asyncio.sleep(random.random() / 10)
            self._balance -= amount
            other._balance += amount

    def __repr__(self):
        return f"Account({self.owner!r}, {self._balance})"


async def main():
    a, b, c = Account("ann", 100), Account("bob", 50), Account("cy")
    moves = [(a, b, 30), (b, c, 70), (c, a, 10), (a, c, 80), (b, a, 5)]
    results = await asyncio.gather(*(x.transfer_to(y, n) for x, y, n in moves), return_exceptions=True)
    for (x, y, n), r in zip(moves, results):
        print(f"{x.owner}->{y.owner} {n}:", "ok" if r is None else f"{type(r).__name__}: {r}")
    print(a, b, c, a.balance + b.balance + c.balance)


asyncio.run(main())
