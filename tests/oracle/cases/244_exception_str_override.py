class HTTPError(Exception):
    def __init__(self, status):
        self.status = status

    def __str__(self):
        return f"HTTP {self.status}"


try:
    raise HTTPError(404)
except HTTPError as e:
    print(e, repr(e), e.args, f"{e}")
raise HTTPError(500)
