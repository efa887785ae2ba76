def attempt(value):
    try:
        result = 10 / value
    except ZeroDivisionError:
        print("  except: division by zero")
        return "failed"
    except (TypeError, ValueError) as e:
        print("  except: type or value error:", e)
        return "bad input"
    else:
        print("  else: result", result)
        return result
    finally:
        print("  finally for", repr(value))


for v in [4, 0, "x"]:
    print("attempt", repr(v), "->", attempt(v))


def reraise():
    try:
        [][1]
    except IndexError as e:
        print("caught", e, "- re-raising")
        raise


try:
    reraise()
except IndexError as e:
    print("outer caught", repr(e))

try:
    {"a": 1}["b"]
except KeyError as e:
    print("KeyError", e, repr(e))

try:
    raise RuntimeError("custom message")
except Exception as e:
    print("Exception catches", repr(e))

try:
    try:
        raise ValueError("inner")
    finally:
        print("inner finally runs first")
except ValueError as e:
    print("then the handler:", e)
