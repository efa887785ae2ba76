import asyncio


async def stubborn():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError as e:
        print("stubborn swallowed the cancellation:", e.args)
        await asyncio.sleep(0.1)
        return "finished after all"


async def polite():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError as e:
        print("polite re-raises with message", str(e))
        raise


async def main():
    s = asyncio.create_task(stubborn())
    p = asyncio.create_task(polite())
    await asyncio.sleep(0.1)
    s.cancel()
    p.cancel("shutting down")
    print("stubborn result:", await s, "cancelled:", s.cancelled())
    try:
        await p
    except asyncio.CancelledError as e:
        print("polite cancelled:", p.cancelled(), str(e))


asyncio.run(main())
