import asyncio


def handle_exception(loop, context):
    msg = context.get("exception", context["message"])
    print(f"Caught exception: {msg!r} ({context['message']})")


async def fire_and_forget(n):
    await asyncio.sleep(0.1 * n)
    if n % 2:
        raise ValueError(f"job {n} failed")
    print("job", n, "ok")


async def main():
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(handle_exception)
    for n in range(1, 5):
        asyncio.create_task(fire_and_forget(n))
    kept = asyncio.create_task(fire_and_forget(5))
    await asyncio.sleep(0.6)
    print("kept task failed with", repr(kept.exception()))
    print("main done")


asyncio.run(main())
