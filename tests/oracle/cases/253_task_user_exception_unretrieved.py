import asyncio


class SensorError(Exception):
    def __init__(self, sensor):
        super().__init__(f"sensor {sensor} offline")
        self.sensor = sensor


class Sensor:
    def __init__(self, name):
        self.name = name

    async def read(self):
        await asyncio.sleep(0.5)
        raise SensorError(self.name)


async def main():
    s = Sensor("t1")
    t = asyncio.create_task(s.read())
    await asyncio.sleep(1)
    print(t)
    print(repr(t.exception()))
    try:
        await t
    except SensorError as e:
        print("sensor", e.sensor)


asyncio.run(main())
