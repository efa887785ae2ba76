registry = {}


def register(cls):
    registry[cls.__name__] = cls
    return cls


def tagged(tag):
    def deco(cls):
        cls.tag = tag
        return cls

    return deco


@register
@tagged("x")
class Plugin:
    def run(self):
        return f"plugin {self.tag}"


print(registry, Plugin().run(), Plugin.tag)
