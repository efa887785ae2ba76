class Base:
    registry = []

    @classmethod
    def create(cls, name):
        obj = cls()
        obj.name = name
        Base.registry.append(name)
        return obj

    def describe(self):
        return f"{type(self).__name__}:{self.name}"


class Child(Base):
    @classmethod
    def create(cls, name):
        obj = super().create(name.upper())
        obj.extra = True
        return obj

    def describe(self):
        return "child " + super().describe()


c = Child.create("x")
print(c.describe(), c.extra, Base.registry, type(c).__name__)
b = Base.create("y")
print(b.describe(), Base.registry)
print(super(Child, c).describe())
