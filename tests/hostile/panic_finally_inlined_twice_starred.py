def u():
 while e:
            try:
                continue
            finally:
                try:0
                finally:({(*i for i in())})