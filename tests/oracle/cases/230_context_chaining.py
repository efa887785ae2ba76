class ParseError(Exception):
    def __init__(self, line, msg):
        super().__init__(line, msg)
        self.line = line


def parse(text):
    try:
        return int(text)
    except ValueError as e:
        raise ParseError(3, "not a number") from e


try:
    parse("x")
except ParseError as e:
    print(e, e.args, e.line, type(e.__cause__).__name__, e.__suppress_context__ if False else "")
    print(repr(e))

try:
    try:
        raise ParseError(1, "first")
    except ParseError:
        raise KeyError("second")
except KeyError as e:
    print(repr(e.__context__), e.__cause__)
