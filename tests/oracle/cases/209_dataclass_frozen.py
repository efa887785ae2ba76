from dataclasses import dataclass, FrozenInstanceError


@dataclass(frozen=True)
class Key:
    host: str
    port: int = 80


k = Key("a")
print(k, k == Key("a", 80), hash(k) == hash(Key("a", 80)))
seen = {k: 1, Key("b", 81): 2}
print(seen[Key("a")], len(seen))
try:
    k.port = 8080
except FrozenInstanceError as e:
    print(type(e).__name__, e)
try:
    k.port = 1
except AttributeError as e:
    print("attribute error", e)
