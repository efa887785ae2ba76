from concurrent.futures import ThreadPoolExecutor,ProcessPoolExecutor
def spin():l
with ThreadPoolExecutor()as pool:print(list(pool.map(spin,[0]*(10**7))))