class Config:
    defaults = {"retries": 3}

    def __init__(self, **overrides):
        self.values = dict(Config.defaults)
        self.values.update(overrides)

    @staticmethod
    def parse(text):
        k, v = text.split("=")
        return k.strip(), int(v)

    @classmethod
    def from_text(cls, text):
        k, v = cls.parse(text)
        return cls(**{k: v})

    @classmethod
    def names(cls):
        return sorted(cls.defaults)


c = Config.from_text("retries = 5")
print(c.values, Config.parse("a=1"), c.parse("b=2"), Config.names(), c.names())
f = Config.from_text
print(f("timeout=2").values)
