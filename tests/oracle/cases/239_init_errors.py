class P:
    def __init__(self, x, y=0):
        self.x = x


class NoInit:
    pass


for args in [(), (1, 2, 3)]:
    try:
        P(*args)
    except TypeError as e:
        print(e)
try:
    P(1, z=2)
except TypeError as e:
    print(e)
try:
    NoInit(1)
except TypeError as e:
    print(e)
try:
    P(1).missing()
except AttributeError as e:
    print(e)
P(1).method_that_does_not_exist()
