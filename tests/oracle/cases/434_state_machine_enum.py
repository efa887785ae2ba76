import asyncio
import enum


class State(enum.Enum):
    IDLE = enum.auto()
    CONNECTING = enum.auto()
    CONNECTED = enum.auto()
    CLOSED = enum.auto()


TRANSITIONS = {
    State.IDLE: {State.CONNECTING},
    State.CONNECTING: {State.CONNECTED, State.CLOSED},
    State.CONNECTED: {State.CLOSED},
    State.CLOSED: set(),
}


class InvalidTransition(RuntimeError):
    def __init__(self, old: State, new: State):
        super().__init__(f"{old.name} -> {new.name}")


class Client:
    def __init__(self):
        self.state = State.IDLE
        self.history = [self.state]
        self.changed = asyncio.Condition()

    async def move(self, new: State):
        if new not in TRANSITIONS[self.state]:
            raise InvalidTransition(self.state, new)
        async with self.changed:
            self.state = new
            self.history.append(new)
            self.changed.notify_all()

    async def wait_for_state(self, wanted: State):
        async with self.changed:
            await self.changed.wait_for(lambda: self.state is wanted)
            print("observer saw", wanted)


async def main():
    c = Client()
    observer = asyncio.create_task(c.wait_for_state(State.CONNECTED))
    await c.move(State.CONNECTING)
    await asyncio.sleep(0.5)
    await c.move(State.CONNECTED)
    await observer
    try:
        await c.move(State.IDLE)
    except InvalidTransition as e:
        print("invalid:", e)
    await c.move(State.CLOSED)
    print([s.name for s in c.history], State.CLOSED.value, State["IDLE"], len(State))


asyncio.run(main())
