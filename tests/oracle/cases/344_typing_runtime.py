import asyncio
from typing import Any, AsyncIterator, Awaitable, Callable, Coroutine, Dict, List, Optional, TypeVar, Union, cast

T = TypeVar("T")
Handler = Callable[[str], Awaitable[None]]
Registry = dict[str, list[int]]
MaybeInt = Optional[int]
Table = Dict[str, Union[int, str]]


def first(items: List[T]) -> Optional[T]:
    return items[0] if items else None


async def shout(msg: str) -> None:
    await asyncio.sleep(0.1)
    print(msg.upper())


async def run_all(handlers: list[Handler], msg: str) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for i, h in enumerate(handlers):
        await h(msg)
        results[f"h{i}"] = True
    return results


async def main() -> None:
    reg: Registry = {"a": [1]}
    value: MaybeInt = first([4, 5])
    print(reg, value, first([]), cast(int, "not checked"))
    print(await run_all([shout, shout], "hello"))


asyncio.run(main())
