import asyncio
import json


class Thing:
    pass


def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)


async def main():
    await asyncio.sleep(0)
    show("escapes", lambda: json.dumps('q"b\\s\nr\rt\tb\bf\x0c\x01é\u2028😀'))
    show("ascii off", lambda: json.dumps('é😀\x1f', ensure_ascii=False))
    show("keys", lambda: json.dumps({True: 1, False: 2, None: 3, 7: 4, 2.5: 5, "s": 6}))
    show("bad key", lambda: json.dumps({(1, 2): 3}))
    show("skip", lambda: json.dumps({(1, 2): 3, "a": 1}, skipkeys=True))
    show("sort mixed", lambda: json.dumps({"b": 1, "a": 2, "c": 3}, sort_keys=True))
    show("sort bad", lambda: json.dumps({1: 1, "a": 2}, sort_keys=True))
    show("nan", lambda: json.dumps([float("nan"), float("inf"), -float("inf")]))
    show("nan off", lambda: json.dumps(float("nan"), allow_nan=False))
    show("set", lambda: json.dumps({1, 2}))
    show("default", lambda: json.dumps({1, 2}, default=sorted))
    show("tuple", lambda: json.dumps((1, [2, (3,)])))
    show("indent", lambda: json.dumps({"a": [1, {"b": []}], "c": {}}, indent=2))
    show("indent str", lambda: json.dumps([1, [2]], indent="--"))
    show("indent 0", lambda: json.dumps([1, [2]], indent=0))
    show("seps", lambda: json.dumps({"a": [1, 2]}, separators=(",", ":")))
    show("seps bad", lambda: json.dumps([1], separators=(",",)))
    show("big", lambda: json.dumps([10**30, -0.0, 1e300, 1.5e-7, 3.0]))
    show("circular", lambda: (lambda l: (l.append(l), json.dumps(l)))([]))
    show("empty", lambda: json.loads('{ }'))
    show("empty list", lambda: json.loads(' [ ] '))
    show("nested", lambda: json.loads('{"a": [1, 2.5, -3e2, true, false, null, {"b": "c"}]}'))
    show("str escapes", lambda: json.loads(r'"a\"b\\c\/d\be\ff\ng\rh\ti\u00e9\ud83d\ude00"'))
    show("bad escape", lambda: json.loads(r'"\q"'))
    show("bad u", lambda: json.loads(r'"\u12G4"'))
    show("control", lambda: json.loads('"a\nb"'))
    show("control ok", lambda: json.loads('"a\nb"', strict=False))
    show("unterminated", lambda: json.loads('"abc'))
    show("unterminated esc", lambda: json.loads('"abc\\'))
    show("key quotes", lambda: json.loads("{'a': 1}"))
    show("colon", lambda: json.loads('{"a" 1}'))
    show("comma", lambda: json.loads('[1 2]'))
    show("comma obj", lambda: json.loads('{"a": 1 "b": 2}'))
    show("trailing", lambda: json.loads('[1,]'))
    show("trailing obj", lambda: json.loads('{"a": 1,}'))
    show("extra", lambda: json.loads('[1] x'))
    show("empty doc", lambda: json.loads('   '))
    show("numbers", lambda: json.loads('[0, -0, 1.0, 1e5, 1E-2, -12.5e+3, 123456789012345678901234567890]'))
    show("bad number", lambda: json.loads('[01]'))
    show("minus", lambda: json.loads('-'))
    show("dot", lambda: json.loads('1.'))
    show("NaN in", lambda: json.loads('[NaN, Infinity, -Infinity]'))
    show("dup keys", lambda: json.loads('{"a": 1, "a": 2}'))
    show("multiline error", lambda: json.loads('{\n  "a": 1,\n  "b" 2\n}'))
    try:
        json.loads('{\n  "a": 1,\n  "b" 2\n}')
    except json.JSONDecodeError as e:
        print("fields", e.msg, e.pos, e.lineno, e.colno)
    show("hook", lambda: json.loads('{"a": {"b": 1}}', object_hook=lambda d: sorted(d)))
    show("pairs", lambda: json.loads('{"b": 1, "a": 2}', object_pairs_hook=list))
    show("parse_float", lambda: json.loads('[1.5, 2]', parse_float=str))
    show("parse_int", lambda: json.loads('[1.5, 2]', parse_int=float))
    show("constant", lambda: json.loads('[NaN, -Infinity, 1]', parse_constant=lambda c: "<" + c + ">"))
    show("both hooks", lambda: json.loads('{"a": {"b": 1}}', object_hook=len, object_pairs_hook=dict))
    show("hook raises", lambda: json.loads('{"a": 1}', object_hook=lambda d: 1 / 0))
    show("hook in list", lambda: json.loads('[{"x": 1}, {"x": 2}]', object_hook=lambda d: d["x"] * 10))
    show("nested loads", lambda: json.loads('["[1, 2]"]', object_hook=None, parse_int=int))
    show("default self", lambda: json.dumps(Thing(), default=lambda o: o))
    show("default raises", lambda: json.dumps({"a": {1, 2}}, default=lambda o: o.missing))
    show("default chain", lambda: json.dumps([{1}], default=lambda o: list(o) if isinstance(o, set) else str(o)))
    show("default none", lambda: json.dumps({1}, default=None))
    show("no circular check", lambda: json.dumps([[1], [1]], check_circular=False))
    show("repeated ok", lambda: (lambda x: json.dumps([x, x]))([1]))
    show("nan key", lambda: json.dumps({float("nan"): 1}))
    show("nan key off", lambda: json.dumps({float("inf"): 1}, allow_nan=False))
    show("loads 2 args", lambda: json.loads("1", "2"))
    show("loads kw", lambda: json.loads("1", bogus=1))
    err = json.JSONDecodeError("Bad thing", "ab\ncd", 4)
    print("made", repr(err), err.msg, err.pos, err.lineno, err.colno, isinstance(err, ValueError))
    print("mro", json.JSONDecodeError.__name__, issubclass(json.JSONDecodeError, ValueError))
    try:
        raise err
    except ValueError as e:
        print("caught as ValueError", type(e).__name__, e.doc == "ab\ncd")
    show("made bad", lambda: json.JSONDecodeError("x"))
    show("deep", lambda: len(json.dumps(json.loads("[" * 50 + "]" * 50))))


asyncio.run(main())
