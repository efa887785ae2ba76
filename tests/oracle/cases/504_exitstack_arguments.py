# ExitStack's methods called with the wrong arguments answer as CPython's do
# (a non-exception passed to __exit__ used to be raised, and escaped every
# except clause; callback() with no argument panicked).
import contextlib
for name in ['__enter__', '__exit__', 'enter_context', 'callback', 'close']:
    for args in [(), (1,), (None, None), ('x', 1, 2), (2 ** 62,), ('x', 2 ** 62)]:
        try:
            r = getattr(contextlib.ExitStack(), name)(*args)
            print(name, args, 'ok', r if name != '__enter__' else '')
        except BaseException as e:
            print(name, args, 'caught', type(e).__name__, e)
print('end')
