import asyncio


async def producer(q):
    for i in range(3):
        await asyncio.sleep(0.1)
        await q.put(i)
        print("put", i)
    await q.put(None)


async def consumer(q, loop):
    while True:
        item = await q.get()
        if item is None:
            print("consumer stops the loop")
            loop.stop()
            return "finished"
        print("got", item)


loop = asyncio.new_event_loop()
q = asyncio.Queue()
p = loop.create_task(producer(q))
c = loop.create_task(consumer(q, loop))
print("is_running before:", loop.is_running())
loop.run_forever()
print("is_running after:", loop.is_running())
print("producer done:", p.done(), "consumer result:", c.result())
loop.close()
