import asyncio

HANDLERS = {}


class Handler:
    kind = "base"

    def __init_subclass__(cls, kind=None, priority=0, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.kind = kind or cls.__name__.lower()
        cls.priority = priority
        HANDLERS[cls.kind] = cls
        print("registered", cls.__name__, cls.kind, priority)

    async def handle(self, item):
        await asyncio.sleep(0.01 * self.priority)
        return f"{self.kind}:{item}"


class EmailHandler(Handler, kind="email", priority=2):
    pass


class SmsHandler(Handler, priority=1):
    pass


class UrgentSms(SmsHandler, kind="urgent"):
    async def handle(self, item):
        return "!" + await super().handle(item)


class Plugin:
    registry = []

    @classmethod
    def __init_subclass__(cls, **kw):
        print("plugin hook", cls.__name__, sorted(kw))
        Plugin.registry.append(cls.__name__)
        super().__init_subclass__(**kw)


class Tracked(Plugin):
    pass


class Counted:
    count = 0

    def __init_subclass__(cls):
        Counted.count += 1


class A(Counted):
    pass


class B(A):
    pass


async def main():
    print(sorted(HANDLERS), HANDLERS["smshandler"].priority, UrgentSms.priority, UrgentSms.kind)
    jobs = [HANDLERS[k]().handle(i) for i, k in enumerate(["email", "smshandler", "urgent"])]
    print(await asyncio.gather(*jobs))
    print(Plugin.registry, Counted.count, Handler.kind)
    for make in (
        lambda: type("X", (), {}),
    ):
        pass
    try:
        class Bad(Plugin, color="red"):
            pass
    except TypeError as e:
        print("TypeError", e)
    try:
        class Plain(A, extra=1):
            pass
    except TypeError as e:
        print("TypeError", e)
    try:
        class NoHook(object, flag=True):
            pass
    except TypeError as e:
        print("TypeError", e)


asyncio.run(main())
