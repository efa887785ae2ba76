def numbers():
    try:
        n = 0
        while True:
            yield n
            n += 1
    finally:
        print("numbers cleaned up")


for n in numbers():
    print(n)
    if n == 2:
        break
print("after the loop")


def first_even(gen):
    for x in gen:
        if x % 2 == 0:
            return x


print(first_even(numbers()))
print("end")
