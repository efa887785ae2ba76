import asyncio
import statistics
from statistics import mean, median, StatisticsError


async def request(i):
    delay = [0.12, 0.05, 0.3, 0.05, 0.2, 0.07][i]
    await asyncio.sleep(delay)
    return delay


async def main():
    lat = await asyncio.gather(*(request(i) for i in range(6)))
    print(lat)
    print(mean(lat), statistics.fmean(lat), median(lat))
    print(statistics.median_low(lat), statistics.median_high(lat), statistics.mode(lat))
    print(statistics.stdev(lat), statistics.pstdev(lat))
    print(statistics.variance(lat), statistics.pvariance(lat))
    print(statistics.quantiles(lat), statistics.quantiles(lat, n=10))
    print(statistics.quantiles(lat, method="inclusive"), statistics.quantiles([1, 2], n=2))
    print(mean([1, 2]), mean([1, 3]), mean([1, 2, 3, 4]), mean([True, False, True]))
    print(mean([1, 2.5]), mean(range(10)), mean([0.1, 0.2, 0.3]), mean((x for x in [5])))
    print(statistics.fmean([1, 2]), statistics.fmean([0.1] * 10), statistics.fmean(iter([3, 4])))
    print(median([3, 1, 2]), median([4, 1, 3, 2]), median([1.5, 2.5]), median([1, 2]))
    print(statistics.median_low([1, 3, 5, 7]), statistics.median_high([1, 3, 5, 7]))
    print(statistics.mode(["red", "blue", "blue", "red", "green"]), statistics.mode([1, 1, 2, 2, 2]))
    print(statistics.multimode("aabbbbccddddeeffffgg"), statistics.multimode([]))
    print(statistics.variance([1, 3]), statistics.variance([1, 2, 3, 4]), statistics.pvariance([1, 2, 3, 4]))
    print(statistics.stdev([2, 4, 4, 4, 5, 5, 7, 9]), statistics.pstdev([2, 4, 4, 4, 5, 5, 7, 9]))
    print(statistics.stdev([1.5, 2.5, 2.5, 2.75, 3.25, 4.75]), statistics.variance([0.1, 0.2, 0.3]))
    print(statistics.pvariance([5]), statistics.pstdev([5]), statistics.pstdev([1.0, 1.0]))
    print(statistics.stdev([10**20, 10**20 + 2]), statistics.mean([10**30, 1]))
    print(statistics.quantiles(range(1, 101), n=4), statistics.quantiles([1.0, 2.0, 10.0], n=3))
    print(mean([1e308, 1e308]), statistics.fmean([1e308, -1e308, 5.0]))
    print(mean([float("inf"), 1]), issubclass(StatisticsError, ValueError))
    bad = [lambda: mean([]), lambda: median([]), lambda: statistics.mode([]),
           lambda: statistics.stdev([1]), lambda: statistics.variance([]),
           lambda: statistics.pstdev([]), lambda: statistics.fmean([]),
           lambda: statistics.quantiles([1]), lambda: statistics.quantiles([1, 2], n=0),
           lambda: statistics.quantiles([1, 2], method="x"), lambda: mean(["a", "b"]),
           lambda: statistics.pvariance([])]
    for f in bad:
        try:
            f()
        except (StatisticsError, ValueError, TypeError) as e:
            print(type(e).__name__, e)


asyncio.run(main())
