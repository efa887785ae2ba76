import asyncio
x = None
for i in range(10**5):
    x = asyncio.sleep(0, x)
x = None
print("freed")
