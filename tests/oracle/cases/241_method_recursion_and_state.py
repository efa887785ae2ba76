class Node:
    def __init__(self, value, children=None):
        self.value = value
        self.children = children or []

    def total(self):
        return self.value + sum(c.total() for c in self.children)

    def depth(self):
        if not self.children:
            return 1
        return 1 + max(c.depth() for c in self.children)


tree = Node(1, [Node(2, [Node(4)]), Node(3)])
print(tree.total(), tree.depth())
chain = None
for i in range(1000):
    chain = Node(i, [chain] if chain else [])
print(chain.total())
