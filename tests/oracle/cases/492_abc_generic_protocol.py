from abc import ABC, abstractmethod
from typing import Generic, Protocol, TypeVar, final, overload, runtime_checkable
import abc
import asyncio

T = TypeVar("T")


class Source(ABC):
    @abstractmethod
    async def fetch(self, n: int) -> str: ...

    def describe(self) -> str:
        return f"{type(self).__name__} source"


class Fake(Source):
    async def fetch(self, n: int) -> str:
        await asyncio.sleep(0.1 * n)
        return f"page {n}"


class Box(Generic[T]):
    def __init__(self, item: T) -> None:
        self.item = item

    def get(self) -> T:
        return self.item


@runtime_checkable
class Closer(Protocol):
    def close(self) -> None: ...


@final
class Res(abc.ABC):
    def close(self) -> None:
        print("closed")


async def main():
    s = Fake()
    print(s.describe())
    pages = await asyncio.gather(*(s.fetch(i) for i in range(3)))
    print(pages, Box(pages[0]).get())
    r: Closer = Res()
    r.close()
    print(isinstance(s, Source), issubclass(Fake, Source))


asyncio.run(main())
