import functools
p = print
for i in range(10**5):
    p = functools.partial(p)
p("called through 100000 partials")
