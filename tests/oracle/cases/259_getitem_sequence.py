class Grid:
    def __init__(self, w, h):
        self.cells = {}
        self.w = w
        self.h = h

    def __getitem__(self, pos):
        return self.cells.get(pos, ".")

    def __setitem__(self, pos, value):
        x, y = pos
        if not (0 <= x < self.w and 0 <= y < self.h):
            raise IndexError(f"{pos} outside the grid")
        self.cells[pos] = value

    def __delitem__(self, pos):
        del self.cells[pos]

    def __contains__(self, pos):
        return pos in self.cells


g = Grid(3, 2)
g[0, 1] = "#"
g[2, 0] = "@"
print(g[0, 1], g[1, 1], (2, 0) in g, (1, 1) in g)
del g[2, 0]
print((2, 0) in g)
try:
    g[5, 5] = "x"
except IndexError as e:
    print(e)
rows = ["".join(g[x, y] for x in range(3)) for y in range(2)]
print(rows)
