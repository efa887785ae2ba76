import asyncio


async def job(n):
    await asyncio.sleep(0.1)
    return n


async def nested(runner):
    try:
        runner.run(job(0))
    except RuntimeError as e:
        print("nested:", e)
    return "ok"


runner = asyncio.Runner()
print(runner.run(job(1)))
print(runner.run(nested(runner)))
try:
    runner.run(42)
except ValueError as e:
    print("ValueError:", e)
runner.close()
runner.close()
try:
    runner.run(job(2))
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    runner.get_loop()
except RuntimeError as e:
    print("get_loop:", e)
