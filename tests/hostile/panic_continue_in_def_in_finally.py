async def o():
    try:
     if e:return''
    finally:
     async def c():continue