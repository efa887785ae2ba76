//! Deterministic `id()` and `hash()`, and the addresses shown in reprs.
//!
//! CPython's `id(x)` is the object's address, which changes from run to
//! run; a trace must not.  Here every object gets a number the first time
//! its identity is observed (by `id()`, an identity-based `hash()`, or a repr
//! showing an address), counting from one in each run, and its "address" is
//! derived from that number.  So:
//!
//! - a program prints the same ids, hashes and reprs every time it runs,
//!   also when two runs share one process (the table belongs to one run, see
//!   [`IdScope`]);
//! - distinct live objects have distinct ids, and an object keeps its id for
//!   as long as it lives: the table holds a weak reference to each object it
//!   numbered, which keeps the object's allocation (not the object) in place,
//!   so no other object can be given the same address while the entry
//!   exists; entries of dead objects are dropped in batches, after which a
//!   new object at that address is simply numbered anew;
//! - values stored inline (`None`, bools, ints, floats) are numbered by
//!   value: small ints (−5…256), `None`, `True` and `False` have fixed ids,
//!   as CPython's static objects do, and any other int or float is numbered
//!   the first time it is seen.
//!
//! `hash()` follows CPython 3.12 wherever CPython's result is itself
//! deterministic: ints (modulo the Mersenne prime 2**61 − 1), floats,
//! bools, and tuples of those (CPython's xxHash-based tuple hash).  CPython
//! randomises the hash of a str per process; Loopscope uses the value CPython
//! gives with `PYTHONHASHSEED=0` (SipHash-1-3 with a zero key over the
//! string's code units).  Every other hashable object hashes by its id, as
//! in CPython (`_Py_HashPointer`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::{Rc, Weak};

use num_bigint::{BigInt, Sign};
use num_traits::ToPrimitive;

use crate::runtime::value::Value;

/// Where immortal objects live (`None`, `True`, `False`, small ints), like
/// the static data of CPython's binary.
const STATIC_BASE: u64 = 0x5581_2a40_0000;

/// The address of the first object numbered in a run; later ones follow
/// 16 bytes apart (CPython's allocations are 16-byte aligned).
const OBJECT_BASE: u64 = 0x7f3a_2c00_0010;

/// The Mersenne prime modulo which CPython hashes numbers.
const MODULUS: u64 = (1 << 61) - 1;

/// What identifies an object in the table.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Key {
    /// A heap object, by its address (kept unique by the weak reference).
    Ptr(usize),
    /// An inline int.
    Int(i64),
    /// An inline float, by its bits.
    Float(u64),
    /// A named built-in (function, type, module, exception class), with
    /// its kind so that `int` the type and `int` the function differ.
    Name(u8, &'static str),
    /// A future or task.
    Future(u32),
}

/// A weak reference to any heap object a value can point to.
enum WeakRef {
    List(Weak<crate::runtime::value::List>),
    Tuple(Weak<crate::runtime::value::Tuple>),
    Dict(Weak<RefCell<crate::runtime::value::Dict>>),
    Str(Weak<str>),
    Big(Weak<BigInt>),
    Range(Weak<(i64, i64, i64)>),
    Slice(Weak<(Value, Value, Value)>),
    Iter(Weak<RefCell<crate::runtime::objects::IterObj>>),
    Func(Weak<crate::runtime::function::Function>),
    Method(Weak<(Value, Rc<str>)>),
    Exc(Weak<crate::runtime::exc::Exc>),
    Coro(Weak<RefCell<crate::runtime::objects::CoroObj>>),
    Gen(std::rc::Weak<crate::runtime::objects::GenObj>),
    Obj(Weak<crate::runtime::objects::Obj>),
    Class(Weak<crate::runtime::class::Class>),
    Instance(Weak<crate::runtime::class::Instance>),
}

impl WeakRef {
    fn alive(&self) -> bool {
        match self {
            WeakRef::List(w) => w.strong_count() > 0,
            WeakRef::Tuple(w) => w.strong_count() > 0,
            WeakRef::Dict(w) => w.strong_count() > 0,
            WeakRef::Str(w) => w.strong_count() > 0,
            WeakRef::Big(w) => w.strong_count() > 0,
            WeakRef::Range(w) => w.strong_count() > 0,
            WeakRef::Slice(w) => w.strong_count() > 0,
            WeakRef::Iter(w) => w.strong_count() > 0,
            WeakRef::Func(w) => w.strong_count() > 0,
            WeakRef::Method(w) => w.strong_count() > 0,
            WeakRef::Exc(w) => w.strong_count() > 0,
            WeakRef::Coro(w) => w.strong_count() > 0,
            WeakRef::Gen(w) => w.strong_count() > 0,
            WeakRef::Obj(w) => w.strong_count() > 0,
            WeakRef::Class(w) => w.strong_count() > 0,
            WeakRef::Instance(w) => w.strong_count() > 0,
        }
    }
}

/// The key of a value, and for heap objects a weak reference pinning its address.
fn key(v: &Value) -> (Key, Option<WeakRef>) {
    let ptr = Key::Ptr(v.identity());
    match v {
        Value::None | Value::Bool(_) => (Key::Int(0), None),
        Value::Int(i) => (Key::Int(*i), None),
        Value::Float(f) => (Key::Float(f.to_bits()), None),
        Value::Builtin(n) => (Key::Name(0, n), None),
        Value::Module(n) => (Key::Name(1, n), None),
        Value::Type(n) => (Key::Name(2, n), None),
        Value::ExcType(c) => (Key::Name(3, c.name()), None),
        Value::Future(id) => (Key::Future(id.0), None),
        Value::List(r) => (ptr, Some(WeakRef::List(Rc::downgrade(r)))),
        Value::Tuple(r) => (ptr, Some(WeakRef::Tuple(Rc::downgrade(r)))),
        Value::Dict(r) | Value::Set(r) => (ptr, Some(WeakRef::Dict(Rc::downgrade(r)))),
        Value::Str(r) => (ptr, Some(WeakRef::Str(Rc::downgrade(r)))),
        Value::Big(r) => (ptr, Some(WeakRef::Big(Rc::downgrade(r)))),
        Value::Range(r) => (ptr, Some(WeakRef::Range(Rc::downgrade(r)))),
        Value::Slice(r) => (ptr, Some(WeakRef::Slice(Rc::downgrade(r)))),
        Value::Iter(r) => (ptr, Some(WeakRef::Iter(Rc::downgrade(r)))),
        Value::Func(r) => (ptr, Some(WeakRef::Func(Rc::downgrade(r)))),
        Value::Method(r) => (ptr, Some(WeakRef::Method(Rc::downgrade(r)))),
        Value::Exc(r) => (ptr, Some(WeakRef::Exc(Rc::downgrade(r)))),
        Value::Coro(r) => (ptr, Some(WeakRef::Coro(Rc::downgrade(r)))),
        Value::Gen(r) => (ptr, Some(WeakRef::Gen(Rc::downgrade(r)))),
        Value::Obj(r) => (ptr, Some(WeakRef::Obj(Rc::downgrade(r)))),
        Value::Class(r) => (ptr, Some(WeakRef::Class(Rc::downgrade(r)))),
        Value::Instance(r) => (ptr, Some(WeakRef::Instance(Rc::downgrade(r)))),
    }
}

/// One run's numbering of objects.
struct Table {
    /// Each numbered object: its number and, for heap objects, the weak
    /// reference that keeps its address from being reused.
    entries: HashMap<Key, (u64, Option<WeakRef>)>,
    /// The next number to give.
    next: u64,
    /// The size at which entries of dead objects are dropped.
    prune_at: usize,
}

impl Table {
    fn new() -> Table {
        Table {
            entries: HashMap::new(),
            next: 0,
            prune_at: 1024,
        }
    }

    fn number(&mut self, v: &Value) -> u64 {
        let (k, weak) = key(v);
        if let Some((n, _)) = self.entries.get(&k) {
            return *n;
        }
        if self.entries.len() >= self.prune_at {
            self.entries
                .retain(|_, (_, w)| w.as_ref().is_none_or(WeakRef::alive));
            self.prune_at = (self.entries.len() * 2).max(1024);
        }
        let n = self.next;
        self.next += 1;
        self.entries.insert(k, (n, weak));
        n
    }
}

thread_local! {
    /// The numbering of the run in progress on this thread, if any.
    static IDS: RefCell<Option<Table>> = const { RefCell::new(None) };
}

/// The numbering of one run: created when the run starts and dropped when
/// it ends, restoring whatever numbering was there before (so that runs,
/// even nested ones, never see each other's numbers).
pub struct IdScope {
    previous: Option<Table>,
}

impl IdScope {
    /// Starts a fresh numbering for the run about to begin.
    pub fn new() -> IdScope {
        IdScope {
            previous: IDS.with(|t| t.replace(Some(Table::new()))),
        }
    }
}

impl Default for IdScope {
    fn default() -> Self {
        IdScope::new()
    }
}

impl Drop for IdScope {
    fn drop(&mut self) {
        let ours = IDS.with(|t| t.replace(self.previous.take()));
        drop(ours);
    }
}

/// `id(v)`: deterministic within a run (see the module documentation).
/// Outside a run every object gets the same placeholder address.
pub fn id(v: &Value) -> u64 {
    match v {
        Value::None => STATIC_BASE,
        Value::Bool(false) => STATIC_BASE + 0x20,
        Value::Bool(true) => STATIC_BASE + 0x40,
        Value::Int(i) if (-5..=256).contains(i) => STATIC_BASE + 0x1000 + 0x20 * (*i + 5) as u64,
        _ => IDS.with(|t| match t.borrow_mut().as_mut() {
            Some(table) => OBJECT_BASE + 0x10 * table.number(v),
            None => OBJECT_BASE,
        }),
    }
}

/// CPython's `_Py_HashPointer`: an address rotated by four bits.
fn pointer_hash(address: u64) -> i64 {
    let h = address.rotate_right(4) as i64;
    if h == -1 {
        -2
    } else {
        h
    }
}

/// CPython's hash of an int given as sign and magnitude.
fn int_hash_parts(negative: bool, magnitude_mod: u64) -> i64 {
    let h = magnitude_mod as i64;
    let h = if negative { -h } else { h };
    if h == -1 {
        -2
    } else {
        h
    }
}

/// `hash(i)` for an int, as CPython 3.12 computes it.
pub fn int_hash(i: i64) -> i64 {
    int_hash_parts(i < 0, i.unsigned_abs() % MODULUS)
}

/// `hash(b)` for a big int, as CPython 3.12 computes it.
pub fn big_hash(b: &BigInt) -> i64 {
    let m = (b.magnitude() % MODULUS).to_u64().unwrap_or(0);
    int_hash_parts(b.sign() == Sign::Minus, m)
}

/// `hash(f)` for a float, as CPython 3.12 computes it (`_Py_HashDouble`);
/// `None` for a NaN, whose hash is its object's id.
pub fn float_hash(f: f64) -> Option<i64> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 { 314_159 } else { -314_159 });
    }
    if f == f.trunc() && f.abs() < 9.2e18 {
        return Some(int_hash(f as i64));
    }
    if f == f.trunc() {
        return num_traits::FromPrimitive::from_f64(f).map(|b: BigInt| big_hash(&b));
    }
    // The algorithm of `_Py_HashDouble`: reduce the mantissa 28 bits at a
    // time modulo 2**61 - 1, then multiply by 2**e modulo the same.
    let (mut m, mut e) = frexp(f.abs());
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & MODULUS) | (x >> (61 - 28));
        m *= 268_435_456.0; // 2**28
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= MODULUS {
            x -= MODULUS;
        }
    }
    let e = if e >= 0 {
        e % 61
    } else {
        61 - 1 - ((-1 - e) % 61)
    };
    x = ((x << e) & MODULUS) | (x >> (61 - e));
    Some(int_hash_parts(f < 0.0, x))
}

/// C's `frexp` for a positive finite float: `f = m * 2**e` with `0.5 <= m < 1`.
fn frexp(f: f64) -> (f64, i32) {
    if f == 0.0 {
        return (0.0, 0);
    }
    let bits = f.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // Subnormal: scale into the normal range first.
        let (m, e) = frexp(f * 2f64.powi(64));
        return (m, e - 64);
    }
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, exp - 1022)
}

/// CPython 3.12's tuple hash (`tuplehash`, after xxHash) over the items' hashes.
pub fn tuple_hash(items: impl ExactSizeIterator<Item = i64>) -> i64 {
    const PRIME_1: u64 = 11_400_714_785_074_694_791;
    const PRIME_2: u64 = 14_029_467_366_897_019_727;
    const PRIME_5: u64 = 2_870_177_450_012_600_261;
    let len = items.len() as u64;
    let mut acc = PRIME_5;
    for lane in items {
        acc = acc.wrapping_add((lane as u64).wrapping_mul(PRIME_2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(PRIME_1);
    }
    acc = acc.wrapping_add(len ^ (PRIME_5 ^ 3_527_539));
    if acc == u64::MAX {
        1_546_275_796
    } else {
        acc as i64
    }
}

/// `hash(s)` for a str: CPython's value under `PYTHONHASHSEED=0`, which is
/// SipHash-1-3 with a zero key over the string in its narrowest fixed-width
/// form (one, two or four little-endian bytes per character).
pub fn str_hash(s: &str) -> i64 {
    if s.is_empty() {
        return 0;
    }
    let widest = s.chars().map(|c| c as u32).max().unwrap_or(0);
    let width = if widest < 0x100 {
        1
    } else if widest < 0x10000 {
        2
    } else {
        4
    };
    let mut bytes = Vec::with_capacity(s.len() * width);
    for c in s.chars() {
        bytes.extend_from_slice(&(c as u32).to_le_bytes()[..width]);
    }
    let h = siphash13(&bytes) as i64;
    if h == -1 {
        -2
    } else {
        h
    }
}

/// SipHash-1-3 with a zero key (CPython's `siphash13` with the hash secret
/// zeroed, which `PYTHONHASHSEED=0` does).
fn siphash13(data: &[u8]) -> u64 {
    let (k0, k1) = (0u64, 0u64);
    let mut v0 = k0 ^ 0x736f_6d65_7073_6575;
    let mut v1 = k1 ^ 0x646f_7261_6e64_6f6d;
    let mut v2 = k0 ^ 0x6c79_6765_6e65_7261;
    let mut v3 = k1 ^ 0x7465_6462_7974_6573;
    let round = |v0: &mut u64, v1: &mut u64, v2: &mut u64, v3: &mut u64| {
        *v0 = v0.wrapping_add(*v1);
        *v1 = v1.rotate_left(13);
        *v1 ^= *v0;
        *v0 = v0.rotate_left(32);
        *v2 = v2.wrapping_add(*v3);
        *v3 = v3.rotate_left(16);
        *v3 ^= *v2;
        *v0 = v0.wrapping_add(*v3);
        *v3 = v3.rotate_left(21);
        *v3 ^= *v0;
        *v2 = v2.wrapping_add(*v1);
        *v1 = v1.rotate_left(17);
        *v1 ^= *v2;
        *v2 = v2.rotate_left(32);
    };
    let mut chunks = data.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let m = u64::from_le_bytes(word);
        v3 ^= m;
        round(&mut v0, &mut v1, &mut v2, &mut v3);
        v0 ^= m;
    }
    let rest = chunks.remainder();
    let mut last = [0u8; 8];
    last[..rest.len()].copy_from_slice(rest);
    let b = ((data.len() as u64) << 56) | u64::from_le_bytes(last);
    v3 ^= b;
    round(&mut v0, &mut v1, &mut v2, &mut v3);
    v0 ^= b;
    v2 ^= 0xff;
    for _ in 0..3 {
        round(&mut v0, &mut v1, &mut v2, &mut v3);
    }
    v0 ^ v1 ^ v2 ^ v3
}

/// How deep `hash()` follows tuples inside tuples before giving up with
/// `RecursionError` (CPython has no limit and crashes far below a million).
pub const MAX_HASH_DEPTH: usize = 1000;

/// Why `hash()` failed.
#[derive(Debug, PartialEq, Eq)]
pub enum HashError {
    /// A value of this type (the tuple itself or an item inside it) cannot be hashed.
    Unhashable(&'static str),
    /// Tuples are nested deeper than [`MAX_HASH_DEPTH`].
    TooDeep,
}

/// `hash(v)`.
pub fn hash(v: &Value) -> Result<i64, HashError> {
    // An explicit stack instead of recursion: each tuple being hashed, with
    // the hashes of the items done so far.
    let mut stack: Vec<(Rc<crate::runtime::value::Tuple>, Vec<i64>)> = Vec::new();
    let mut current = v.clone();
    loop {
        // A namedtuple hashes as its tuple.
        if let Some(t) = crate::runtime::library::namedtuple::as_tuple(&current) {
            if !matches!(current, Value::Tuple(_)) {
                current = Value::Tuple(t);
            }
        }
        let h = match &current {
            Value::Tuple(t) if !t.is_empty() => {
                if stack.len() >= MAX_HASH_DEPTH {
                    return Err(HashError::TooDeep);
                }
                let first = t[0].clone();
                stack.push((t.clone(), Vec::with_capacity(t.len())));
                current = first;
                continue;
            }
            Value::Tuple(_) => tuple_hash(std::iter::empty()),
            other => match scalar_hash(other) {
                Some(h) => h,
                None => return Err(HashError::Unhashable(other.type_name())),
            },
        };
        // Hand the hash to the enclosing tuples, finishing every tuple whose
        // items are all hashed.
        let mut h = h;
        loop {
            let Some((t, hashes)) = stack.last_mut() else {
                return Ok(h);
            };
            hashes.push(h);
            if hashes.len() < t.len() {
                current = t[hashes.len()].clone();
                break;
            }
            h = tuple_hash(hashes.iter().copied());
            stack.pop();
        }
    }
}

/// The hash of anything but a non-empty tuple, or `None` if it is unhashable.
fn scalar_hash(v: &Value) -> Option<i64> {
    Some(match v {
        Value::Bool(b) => *b as i64,
        Value::Int(i) => int_hash(*i),
        Value::Big(b) => big_hash(b),
        Value::Float(f) => match float_hash(*f) {
            Some(h) => h,
            None => pointer_hash(id(v)),
        },
        Value::Str(s) => str_hash(s),
        Value::Range(r) => {
            // CPython hashes a range as the tuple (len, start, step), with
            // the later items None when they do not matter (and the hash of
            // None is its address, so only ranges of two or more items hash
            // the same in CPython from run to run).
            let len = crate::runtime::value::range_len(r.0, r.1, r.2);
            let none = pointer_hash(id(&Value::None));
            let start = if len == 0 { none } else { int_hash(r.0) };
            let step = if len <= 1 { none } else { int_hash(r.2) };
            tuple_hash([int_hash(len), start, step].into_iter())
        }
        Value::List(_) | Value::Dict(_) | Value::Set(_) | Value::Slice(_) => return None,
        Value::Instance(i) if i.class.unhashable() => return None,
        other => pointer_hash(id(other)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each case: an expression's value and `hash()` of it under CPython
    /// 3.12 (strs with `PYTHONHASHSEED=0`).
    fn check(v: Value, want: i64) {
        assert_eq!(hash(&v), Ok(want), "hash({})", v.repr());
    }

    #[test]
    fn hashes_match_cpython() {
        let big = |s: &str| Value::from_big(s.parse().unwrap());
        let tuple = |v: Vec<Value>| Value::new_tuple(v);
        for (v, want) in [
            (Value::Int(0), 0),
            (Value::Int(-1), -2),
            (Value::Int(-2), -2),
            (Value::Int(1 << 61), 1),
            (Value::Int(i64::MAX), 3),
            (Value::Int(i64::MIN), -4),
            (big("2305843009213693951"), 0),
            (
                big("-123456789012345678901234567890"),
                -248_789_772_095_949_448,
            ),
            (Value::Float(1.5), 1_152_921_504_606_846_977),
            (Value::Float(-0.1), -230_584_300_921_369_408),
            (Value::Float(1e300), 1_224_995_262_755_759_164),
            (Value::Float(f64::INFINITY), 314_159),
            (Value::Float(2.0), 2),
            (Value::Float(5e-324), 16_777_216),
            (Value::Float(2f64.powi(70)), 512),
            (Value::Float(-2.5e-8), -789_396_629_831_109_982),
            (Value::Bool(true), 1),
            (tuple(vec![]), 5_740_354_900_026_072_187),
            (
                tuple(vec![Value::Int(1), Value::Int(2)]),
                -3_550_055_125_485_641_917,
            ),
            (
                tuple(vec![tuple(vec![Value::Int(1)]), Value::Float(0.5)]),
                -3_477_191_363_119_484_402,
            ),
            (Value::Range(Rc::new((0, 5, 1))), 5_795_932_985_296_280_846),
            (
                Value::Range(Rc::new((1, 10, 2))),
                -8_580_228_179_051_518_038,
            ),
            (Value::str(""), 0),
            (Value::str("abc"), -4_594_863_902_769_663_758),
            (Value::str("héllo"), 6_395_329_678_795_984_700),
            (Value::str("日本"), 6_243_316_497_235_261_705),
            (Value::str("😀x"), -8_926_728_262_118_538_918),
        ] {
            check(v, want);
        }
    }
}
