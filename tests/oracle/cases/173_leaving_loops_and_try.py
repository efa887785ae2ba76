# Control flow leaving blocks: return, break and continue through while, for,
# with, try/except/finally and except handlers, in plain and async functions.
import asyncio

def log(*a):
    print(*a)

def ret_while():
    while True:
        return 1

def ret_while_in_for():
    for i in [7, 8]:
        while True:
            return i

def ret_for_in_while():
    n = 0
    while n < 3:
        for j in range(5):
            if j == 2:
                return (n, j)
        n += 1

def ret_while_else():
    i = 0
    while i < 3:
        i += 1
    else:
        return "else"

def ret_in_finally_loop():
    for i in range(3):
        try:
            if i == 1:
                return i
        finally:
            log("finally", i)

def break_in_finally():
    for i in range(3):
        try:
            log("body", i)
        finally:
            if i == 1:
                break
    return "after"

def continue_in_try():
    out = []
    for i in range(4):
        try:
            if i % 2:
                continue
            out.append(i)
        finally:
            out.append(-i)
    return out

def ret_in_except():
    while True:
        try:
            raise ValueError("x")
        except ValueError as e:
            return str(e)

def ret_in_nested_except():
    for i in range(2):
        try:
            try:
                raise KeyError(i)
            except KeyError:
                while True:
                    return "nested"
        finally:
            log("outer finally")

def break_in_except_in_while():
    n = 0
    while True:
        n += 1
        try:
            1 / 0
        except ZeroDivisionError:
            if n == 3:
                break
            continue
    return n

def finally_overrides():
    while True:
        try:
            return 1
        finally:
            return 2

def ret_value_survives_finally():
    x = 10
    try:
        return x
    finally:
        x = 20

def deep_mix():
    total = 0
    for a in range(3):
        while True:
            for b in range(3):
                try:
                    if b == 1:
                        break
                    total += b
                finally:
                    total += 100
            break
        if a == 2:
            return total
    return -1

def while_true_return_generatorish():
    i = 0
    while True:
        i += 1
        if i > 5:
            return i
        continue

async def aret_while():
    while True:
        await asyncio.sleep(0)
        return "async while"

async def aret_for_while():
    for i in range(3):
        while True:
            await asyncio.sleep(0.1)
            return i

async def abreak_finally():
    for i in range(3):
        try:
            await asyncio.sleep(0.1)
            if i == 1:
                break
        finally:
            log("afinally", i)
    return i

async def main():
    log(await aret_while())
    log(await aret_for_while())
    log(await abreak_finally())

for f in [ret_while, ret_while_in_for, ret_for_in_while, ret_while_else,
          ret_in_finally_loop, break_in_finally, continue_in_try, ret_in_except,
          ret_in_nested_except, break_in_except_in_while, finally_overrides,
          ret_value_survives_finally, deep_mix, while_true_return_generatorish]:
    log(f.__name__, f())
asyncio.run(main())
