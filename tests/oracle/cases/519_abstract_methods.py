import asyncio
from abc import ABC, abstractmethod


class Handler(ABC):
    @abstractmethod
    async def handle(self, item): ...

    @property
    @abstractmethod
    def name(self): ...

    async def run(self, items):
        return [await self.handle(i) for i in items]


class Partial(Handler):
    async def handle(self, item):
        return item * 2


class Doubler(Partial):
    @property
    def name(self):
        return "doubler"


class Plain:
    @abstractmethod
    def ignored(self): ...


for cls in (Handler, Partial, Doubler, Plain):
    try:
        obj = cls()
        print(cls.__name__, "made")
    except TypeError as e:
        print(cls.__name__, "->", e)


class Again(Doubler):
    @abstractmethod
    def handle(self, item): ...

    @classmethod
    @abstractmethod
    def make(cls): ...


try:
    Again()
except TypeError as e:
    print(e)


async def main():
    d = Doubler()
    print(d.name, await d.run([1, 2, 3]))


asyncio.run(main())
