# Docstrings are __doc__ (a class's own, None without one), and __slots__
# limits an instance to the names listed along its MRO.
import functools, enum, dataclasses
def f():
    "fdoc"
    return 1
def g(): pass
def h():
    f"not {1}"
lam = lambda: 0
print(f.__doc__, g.__doc__, h.__doc__, lam.__doc__)
class K:
    """kdoc
    more"""
    def m(self):
        """mdoc"""
print(repr(K.__doc__), K.m.__doc__, K().m.__doc__, K().__doc__)
class J: pass
print(J.__doc__, J().__doc__)
class E(enum.Enum):
    "edoc"
    A = 1
print(list(E), E.__doc__)
@dataclasses.dataclass
class DC:
    "dcdoc"
    x: int = 0
print(DC(), DC.__doc__)
@functools.wraps(f)
def w(): pass
print(w.__doc__, w.__name__)
async def co():
    "codoc"
print(co.__doc__)
def gen():
    "gdoc"
    yield 1
print(gen.__doc__)
class Sub(K): pass
print(Sub.__doc__)
class S:
    __slots__ = ("x", "y")
    def __init__(self):
        self.x = 1
s = S()
s.y = 2
print(s.x, s.y)
try:
    s.z = 3
except AttributeError as e:
    print("S", e)
try:
    print(S().y)
except AttributeError as e:
    print("unset", e)
class T(S):
    __slots__ = "w"
t = T(); t.w = 5; t.x = 9
try:
    t.q = 1
except AttributeError as e:
    print("T", e)
class U(S):
    pass
u = U(); u.anything = 1; print(u.anything)
class V:
    __slots__ = ["a", "__dict__"]
v = V(); v.b = 2; print(v.b)
class W:
    __slots__ = ()
try:
    W().k = 1
except AttributeError as e:
    print("W", e)
class P:
    __slots__ = ("_v",)
    @property
    def v(self):
        return self._v
    @v.setter
    def v(self, val):
        self._v = val * 2
p = P(); p.v = 4; print(p.v)
print(S.__slots__, T.__slots__)
