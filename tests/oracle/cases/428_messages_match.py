import asyncio
from dataclasses import dataclass


@dataclass
class Deposit:
    account: str
    amount: int


@dataclass
class Withdraw:
    account: str
    amount: int


@dataclass
class Close:
    account: str


async def bank(inbox: asyncio.Queue) -> dict[str, int]:
    balances: dict[str, int] = {}
    while True:
        msg = await inbox.get()
        match msg:
            case Deposit(account=acc, amount=amt) if amt > 0:
                balances[acc] = balances.get(acc, 0) + amt
                print(f"deposit {amt} to {acc}")
            case Withdraw(acc, amt) if balances.get(acc, 0) >= amt:
                balances[acc] -= amt
                print(f"withdraw {amt} from {acc}")
            case Withdraw(acc, amt):
                print(f"refused: {acc} has {balances.get(acc, 0)}, wants {amt}")
            case Close(account=acc):
                print(f"closing {acc}: {balances.pop(acc, 0)}")
            case "stop":
                return balances
            case _:
                print("unknown message", msg)


async def main():
    inbox: asyncio.Queue = asyncio.Queue()
    teller = asyncio.create_task(bank(inbox))
    for m in [Deposit("a", 100), Deposit("b", -5), Withdraw("a", 30), Withdraw("b", 1),
              Deposit("b", 10), Close("a"), 42, "stop"]:
        await inbox.put(m)
        await asyncio.sleep(0.01)
    print(await teller)


asyncio.run(main())
