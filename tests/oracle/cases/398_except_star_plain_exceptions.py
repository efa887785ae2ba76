for exc in [KeyError(1), ValueError(2)]:
    try:
        try:
            raise exc
        except* ValueError as g:
            print("caught", repr(g))
    except KeyError as e:
        print("plain propagates:", repr(e))
try:
    try:
        raise ExceptionGroup("g", [KeyError(1)])
    except* ValueError:
        print("no")
except ExceptionGroup as e:
    print("group propagates:", repr(e))
