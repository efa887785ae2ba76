letters = list("abcdefghij")
print(letters[2:5], letters[:3], letters[7:], letters[-3:], letters[:-7])
print(letters[::2], letters[1::3], letters[::-1], letters[8:2:-2])
print(letters[-1], letters[-10], letters[100:], letters[3:3])
text = "Hello, asyncio!"
print(text[7:], text[:5], text[::-1], text[-8:-1])
nums = list(range(10))
print(nums[2:5] + [20, 30], nums[::3], len(nums[1:-1]))
t = (1, 2, 3, 4, 5)
print(t[1:3], t[::-2])
first, rest = t[0], t[1:]
print(first, rest)
a, b = "xy"
print(a, b)
