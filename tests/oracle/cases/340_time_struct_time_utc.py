import asyncio
import time


async def main():
    # localtime is UTC here (the oracle runner sets TZ=UTC), and the
    # calendar reads the virtual clock.
    print(time.time(), time.localtime())
    print(time.strftime("%Y-%m-%d %H:%M:%S"), time.ctime())
    await asyncio.sleep(3725.5)
    t = time.localtime()
    print(t.tm_hour, t.tm_min, t.tm_sec, t.tm_wday, t.tm_yday, t[0], len(t))
    print(time.strftime("%H:%M:%S %a %b %d %Y"), time.ctime(), time.asctime())
    print(time.gmtime(10 ** 9), time.strftime("%c", time.gmtime(10 ** 9)))
    print(time.mktime(time.gmtime(12345)), time.gmtime(0) == time.localtime(0))
    y, m, *rest = time.gmtime(86400 * 366)
    print(y, m, rest)


asyncio.run(main())
