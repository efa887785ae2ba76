class AppError(Exception):
    pass


class NetworkError(AppError):
    def __init__(self, host, status):
        super().__init__(f"{host} answered {status}")
        self.host = host
        self.status = status


class TimeoutAppError(AppError, TimeoutError):
    pass


for exc in [NetworkError("a.com", 500), TimeoutAppError("slow"), AppError(), ValueError("v")]:
    try:
        raise exc
    except NetworkError as e:
        print("network", e.host, e.status, e, e.args)
    except TimeoutError as e:
        print("timeout", type(e).__name__, e, isinstance(e, AppError), isinstance(e, OSError))
    except AppError as e:
        print("app", repr(e), str(e) == "")
    except Exception as e:
        print("other", repr(e))

print(issubclass(NetworkError, AppError), issubclass(NetworkError, Exception), issubclass(AppError, NetworkError))
print(NetworkError.__mro__)
