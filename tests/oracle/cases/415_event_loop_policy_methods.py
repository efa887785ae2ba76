import asyncio
policy = asyncio.get_event_loop_policy()
loop = policy.new_event_loop()
policy.set_event_loop(loop)
print(policy.get_event_loop() is loop, asyncio.get_event_loop() is loop)
async def main():
    return asyncio.get_event_loop_policy().get_event_loop() is asyncio.get_running_loop()
print(loop.run_until_complete(main()))
loop.close()
try:
    asyncio.set_event_loop_policy(3)
except TypeError as e:
    print(e)
