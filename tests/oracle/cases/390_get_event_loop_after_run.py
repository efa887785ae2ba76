import asyncio


async def main():
    print("inside:", asyncio.get_event_loop() is asyncio.get_running_loop())


asyncio.run(main())
try:
    asyncio.get_event_loop()
except RuntimeError as e:
    print("RuntimeError:", e)
loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
print("after set_event_loop:", asyncio.get_event_loop() is loop)
loop.close()
print("still returned when closed:", asyncio.get_event_loop() is loop)
