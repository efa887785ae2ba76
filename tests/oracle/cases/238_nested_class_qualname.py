class Outer:
    class Inner:
        def method(self):
            pass

    def make(self):
        class Local:
            pass

        return Local


print(Outer.Inner.__qualname__, Outer.Inner.method.__qualname__, Outer().make().__qualname__)
print(Outer.make.__qualname__, Outer.Inner.__name__)
print(Outer.Inner, repr(Outer.Inner()).startswith("<__main__.Outer.Inner object at 0x"))
