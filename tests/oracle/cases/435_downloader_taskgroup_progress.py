import asyncio
from dataclasses import dataclass, field


@dataclass
class Progress:
    total: int
    done: int = 0
    log: list[str] = field(default_factory=list)

    def update(self, name: str) -> None:
        self.done += 1
        pct = 100 * self.done // self.total
        self.log.append(f"{pct:3d}% {name}")

    def __str__(self) -> str:
        bar = "#" * (self.done * 10 // self.total)
        return f"[{bar:<10}] {self.done}/{self.total}"


SIZES = {"a.zip": 3, "b.iso": 8, "c.txt": 1, "d.png": 2}


async def download(name: str, size: int, progress: Progress, limit: asyncio.Semaphore) -> int:
    async with limit:
        for chunk in range(size):
            await asyncio.sleep(0.1)
        progress.update(name)
        print(progress)
        return size * 1024


async def main():
    progress = Progress(total=len(SIZES))
    limit = asyncio.Semaphore(2)
    async with asyncio.TaskGroup() as tg:
        tasks = {name: tg.create_task(download(name, s, progress, limit)) for name, s in SIZES.items()}
    print({name: t.result() for name, t in tasks.items()})
    print("\n".join(progress.log))
    print(progress)


asyncio.run(main())
