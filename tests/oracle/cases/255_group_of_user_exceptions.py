class ValidationError(Exception):
    def __init__(self, field, problem):
        super().__init__(f"{field}: {problem}")
        self.field = field


def validate(record):
    errors = []
    if not record.get("name"):
        errors.append(ValidationError("name", "missing"))
    if record.get("age", 0) < 0:
        errors.append(ValidationError("age", "negative"))
    if errors:
        raise ExceptionGroup("invalid record", errors)


for rec in [{"name": "a", "age": 3}, {"age": -1}]:
    try:
        validate(rec)
        print("ok", rec)
    except* ValidationError as eg:
        print(eg.message, [e.field for e in eg.exceptions], [str(e) for e in eg.exceptions])
