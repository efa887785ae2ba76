class Money:
    def __init__(self, cents):
        self.cents = cents

    def __add__(self, other):
        if isinstance(other, int):
            return Money(self.cents + other)
        return Money(self.cents + other.cents)

    def __radd__(self, other):
        return self + other

    def __sub__(self, other):
        return Money(self.cents - other.cents)

    def __str__(self):
        return f"${self.cents / 100:.2f}"


wallet = [Money(150), Money(275), Money(5)]
print(sum(wallet, Money(0)), sum(wallet), Money(100) - Money(1), Money(1) + 2)
total = Money(0)
total += Money(10)
print(total)
