from datetime import datetime, timedelta, date

d = timedelta(hours=25, seconds=3.5)
print(d, repr(d), d.total_seconds(), d.days, d.seconds, d.microseconds)
print(-d, repr(-d), abs(-d), timedelta(0), repr(timedelta()))
print(timedelta(weeks=1) / timedelta(days=1), d * 2, 3 * d, d / 2, d // 3)
print(timedelta(minutes=5) // timedelta(minutes=2), timedelta(milliseconds=1), repr(timedelta(microseconds=-1)))
print(timedelta(days=1) == timedelta(hours=24), timedelta(1) > timedelta(hours=23), timedelta.max)
start = datetime(2024, 2, 28, 22, 30)
for step in [timedelta(hours=1), timedelta(days=1), timedelta(minutes=-45)]:
    print(start + step, repr(start + step))
print(datetime(2024, 3, 1) - datetime(2024, 2, 1), datetime(2024, 1, 1) < datetime(2024, 1, 2))
print(date(2024, 2, 29) + timedelta(days=1), repr(date(2000, 1, 1)), date(2024, 5, 17).weekday())
print(date(2024, 12, 25) - date(2024, 1, 1), {timedelta(1): "a day"}[timedelta(hours=24)])
dt = datetime(2024, 5, 17, 9, 5, 7, 250)
print(dt, dt.isoformat(), dt.isoformat(" "), dt.strftime("%a %d %b %Y %I:%M %p, day %j"), f"{dt:%H.%M}")
print(dt.replace(year=2000, minute=0), dt.date(), dt.timestamp(), datetime.fromtimestamp(1e9))
print(datetime.fromisoformat("2024-05-17T10:20:30.5"), dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, dt.microsecond)
datetime(2023, 2, 29)
