# The callables of operator and functools name their types as CPython does:
# type(x).__name__ is the bare name, and an attribute error names the type
# with its module.
import asyncio
import functools
import operator


async def main():
    made = [
        operator.itemgetter(1),
        operator.attrgetter("real"),
        operator.methodcaller("upper"),
        functools.partial(print, "x"),
    ]
    for f in made:
        print(type(f).__name__)
        try:
            f.missing()
        except AttributeError as e:
            print(e)
    print(operator.itemgetter(1)([10, 20]), operator.methodcaller("upper")("ab"))


asyncio.run(main())
