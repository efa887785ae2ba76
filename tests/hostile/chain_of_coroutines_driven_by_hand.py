# 300 000 coroutines suspended by hand, each holding the one before.  When
# the last goes, closing each frees the next: the closes nested inside one
# another until the nesting bound failed all but the first hundred, with an
# "Exception ignored ... RecursionError" for each (CPython prints nothing).
# The outermost finaliser now closes them one after another.
import asyncio


async def link(prev):
    await asyncio.sleep(0)


c = None
for i in range(300000):
    c2 = link(c)
    c2.send(None)
    c = c2
print("built")
