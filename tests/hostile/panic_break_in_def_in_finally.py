def u():
    try:
     for i in():
            try:
                if e:return
            finally:
             async def r():break
    finally:()