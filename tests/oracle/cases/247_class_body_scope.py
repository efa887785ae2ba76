x = "global"


class K:
    x = "class"
    y = x + "!"
    items = [1, 2, 3]
    total = sum(items)

    def get(self):
        return x


print(K.x, K.y, K.total, K().get())


def factory(n):
    class Made:
        size = n

        def twice(self):
            return n * 2

    return Made


M = factory(4)
print(M.size, M().twice(), M.__qualname__)
