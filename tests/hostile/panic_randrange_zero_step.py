import random
items=list(range(0))
int(items,random.randrange(0,0,(0))())