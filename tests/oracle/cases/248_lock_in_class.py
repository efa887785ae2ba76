import asyncio


class Account:
    def __init__(self, balance):
        self.balance = balance
        self.lock = asyncio.Lock()

    async def withdraw(self, amount):
        async with self.lock:
            if self.balance < amount:
                raise ValueError(f"insufficient funds for {amount}")
            await asyncio.sleep(0.1)
            self.balance -= amount
            return self.balance


async def main():
    acct = Account(100)
    results = await asyncio.gather(*(acct.withdraw(a) for a in (30, 50, 40)), return_exceptions=True)
    print(results, acct.balance)


asyncio.run(main())
