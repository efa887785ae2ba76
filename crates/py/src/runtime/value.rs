//! Python values as the interpreter and the model see them.
//!
//! Small immutable values (None, bool, int, float) are stored inline so the
//! hot arithmetic paths never allocate; containers are shared with `Rc` and
//! mutated through `RefCell`, which is what Python's reference semantics need.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;

use loopscope_sim::{ExcKind, FutureId};
use num_bigint::BigInt;
use num_traits::ToPrimitive;

use crate::front::names::ExcClass;
use crate::runtime::exc::Exc;
use crate::runtime::function::Function;
use crate::runtime::objects::{CoroObj, IterObj, Obj};
use crate::runtime::pyfmt::float_repr;

/// A Python value.
pub enum Value {
    /// `None`.
    None,
    /// `True` / `False`.
    Bool(bool),
    /// An int that fits in 64 bits.
    Int(i64),
    /// An int that does not fit in 64 bits (always normalised back to `Int` when it fits).
    Big(Rc<BigInt>),
    /// A float.
    Float(f64),
    /// A str.
    Str(Rc<str>),
    /// A list.
    List(Rc<List>),
    /// A tuple.
    Tuple(Rc<Tuple>),
    /// A dict (insertion ordered).
    Dict(Rc<RefCell<Dict>>),
    /// A set (a dict whose values are unused, which keeps insertion order deterministic).
    Set(Rc<RefCell<Dict>>),
    /// A `range` object: start, stop, step.
    Range(Rc<(i64, i64, i64)>),
    /// A `slice` object.
    Slice(Rc<(Value, Value, Value)>),
    /// An iterator over a sequence or range.
    Iter(Rc<RefCell<IterObj>>),
    /// A user-defined function or lambda.
    Func(Rc<Function>),
    /// A built-in function, by qualified name (`print`, `asyncio.sleep`).
    Builtin(&'static str),
    /// A method bound to its receiver.
    Method(Rc<(Value, Rc<str>)>),
    /// A module, by name.
    Module(&'static str),
    /// A built-in type used as a value (`int`, `str`, `list`).
    Type(&'static str),
    /// An exception class.
    ExcType(ExcClass),
    /// An exception instance.
    Exc(Rc<Exc>),
    /// A coroutine object (from an `async def` call or a model-native coroutine).
    Coro(Rc<RefCell<CoroObj>>),
    /// A generator or async generator object.
    Gen(Rc<crate::runtime::objects::GenObj>),
    /// A model future or task.
    Future(FutureId),
    /// Any other model or library object (loop, lock, queue, executor, thread…).
    Obj(Rc<Obj>),
    /// A class made by a `class` statement.
    Class(Rc<crate::runtime::class::Class>),
    /// An instance of such a class.
    Instance(Rc<crate::runtime::class::Instance>),
}

impl Clone for Value {
    /// Written out (not derived) so that it inlines into the interpreter's
    /// loads: the scalar cases are a copy, the others one reference count.
    #[inline]
    fn clone(&self) -> Value {
        match self {
            Value::None => Value::None,
            Value::Bool(b) => Value::Bool(*b),
            Value::Int(i) => Value::Int(*i),
            Value::Float(f) => Value::Float(*f),
            Value::Builtin(n) => Value::Builtin(n),
            Value::Module(n) => Value::Module(n),
            Value::Type(n) => Value::Type(n),
            Value::ExcType(c) => Value::ExcType(*c),
            Value::Future(id) => Value::Future(*id),
            Value::Big(x) => Value::Big(x.clone()),
            Value::Str(x) => Value::Str(x.clone()),
            Value::List(x) => Value::List(x.clone()),
            Value::Tuple(x) => Value::Tuple(x.clone()),
            Value::Dict(x) => Value::Dict(x.clone()),
            Value::Set(x) => Value::Set(x.clone()),
            Value::Range(x) => Value::Range(x.clone()),
            Value::Slice(x) => Value::Slice(x.clone()),
            Value::Iter(x) => Value::Iter(x.clone()),
            Value::Func(x) => Value::Func(x.clone()),
            Value::Method(x) => Value::Method(x.clone()),
            Value::Coro(x) => Value::Coro(x.clone()),
            Value::Gen(x) => Value::Gen(x.clone()),
            Value::Obj(x) => Value::Obj(x.clone()),
            Value::Class(x) => Value::Class(x.clone()),
            Value::Instance(x) => Value::Instance(x.clone()),
            Value::Exc(x) => Value::Exc(x.clone()),
        }
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.repr())
    }
}

impl Value {
    /// A str value.
    pub fn str(s: &str) -> Value {
        Value::Str(Rc::from(s))
    }

    /// A new list value.
    pub fn new_list(v: Vec<Value>) -> Value {
        Value::List(Rc::new(List(RefCell::new(v))))
    }

    /// A new tuple value.
    pub fn new_tuple(v: Vec<Value>) -> Value {
        Value::Tuple(Rc::new(Tuple(v)))
    }

    /// The value of a compiled constant.
    pub fn from_const(c: &crate::compile::code::Const) -> Value {
        use crate::compile::code::Const;
        match c {
            Const::None => Value::None,
            Const::Bool(b) => Value::Bool(*b),
            Const::Int(i) => Value::Int(*i),
            Const::Big(b) => Value::Big(b.clone()),
            Const::Float(f) => Value::Float(*f),
            Const::Str(s) => Value::Str(s.clone()),
            Const::Ellipsis => Value::Builtin("Ellipsis"),
            Const::Type(t) => Value::Type(t),
            Const::Builtin(b) => Value::Builtin(b),
            // The compiler names only classes that exist.
            Const::Exception(name) => crate::front::names::ExcClass::by_name(name)
                .map(Value::ExcType)
                .unwrap_or(Value::None),
            Const::Names(names) => {
                Value::new_tuple(names.iter().map(|n| Value::Str(n.clone())).collect())
            }
        }
    }

    /// An int from a big integer, normalised to the inline form when it fits.
    pub fn from_big(b: BigInt) -> Value {
        match b.to_i64() {
            Some(i) => Value::Int(i),
            None => Value::Big(Rc::new(b)),
        }
    }

    /// The type's name as CPython's messages print it (`tp_name`, which
    /// carries the module for some types written in C: `functools.partial`).
    pub fn tp_name(&self) -> &'static str {
        match self {
            Value::Obj(o) => o.tp_name(),
            _ => self.type_name(),
        }
    }

    /// The Python type name (`type(x).__name__`).
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::None => "NoneType",
            Value::Bool(_) => "bool",
            Value::Int(_) | Value::Big(_) => "int",
            Value::Float(_) => "float",
            Value::Str(_) => "str",
            Value::List(_) => "list",
            Value::Tuple(_) => "tuple",
            Value::Dict(d) => d.try_borrow().map(|d| d.kind.name()).unwrap_or("dict"),
            Value::Set(_) => "set",
            Value::Range(_) => "range",
            Value::Slice(_) => "slice",
            Value::Iter(_) => "iterator",
            Value::Func(_) => "function",
            Value::Builtin(_) => "builtin_function_or_method",
            Value::Method(_) => "method",
            Value::Module(_) => "module",
            Value::Type(_) | Value::ExcType(_) => "type",
            Value::Exc(e) => match &e.user {
                Some(u) => u.class.static_name,
                None => e.class.name(),
            },
            Value::Coro(_) => "coroutine",
            Value::Gen(g) if g.is_async => "async_generator",
            Value::Gen(_) => "generator",
            Value::Future(_) => "Future",
            Value::Obj(o) => o.type_name(),
            Value::Class(_) => "type",
            Value::Instance(i) => i.class.static_name,
        }
    }

    /// Python truthiness.
    pub fn truthy(&self) -> bool {
        match self {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Big(_) => true,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::List(l) => !l.borrow().is_empty(),
            Value::Tuple(t) => !t.is_empty(),
            Value::Dict(d) | Value::Set(d) => !d.borrow().is_empty(),
            Value::Range(r) => range_len(r.0, r.1, r.2) > 0,
            Value::Obj(o) => o.truthy(),
            _ => true,
        }
    }

    /// The int value as a big integer, if this is an int or bool.
    pub fn as_bigint(&self) -> Option<BigInt> {
        match self {
            Value::Bool(b) => Some(BigInt::from(*b as i64)),
            Value::Int(i) => Some(BigInt::from(*i)),
            Value::Big(b) => Some((**b).clone()),
            _ => None,
        }
    }

    /// The value as an `i64` if it is an int or bool that fits.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Bool(b) => Some(*b as i64),
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }

    /// The value as a float if it is a number.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Bool(b) => Some(*b as i64 as f64),
            Value::Int(i) => Some(*i as f64),
            Value::Big(b) => b.to_f64(),
            Value::Float(f) => Some(*f),
            _ => None,
        }
    }

    /// `repr(x)`.
    pub fn repr(&self) -> String {
        self.repr_with(&|id| crate::runtime::objects::future_repr(id))
    }

    /// `repr(x)`, with `future` describing futures and tasks.
    ///
    /// A repr stops growing past the string limit (see [`ReprRoom`]); the
    /// callers that hand it to the program ask [`repr_trouble`] and raise
    /// `MemoryError`, as any string past the limit does.
    pub fn repr_with(&self, future: &dyn Fn(FutureId) -> String) -> String {
        let room = ReprRoom::enter();
        let mut out = String::new();
        self.write_repr(&mut out, &mut Vec::new(), future);
        room.leave(out.len());
        // Writing a big container's repr is work the operations limit sees.
        crate::runtime::builtins::add_work(out.len() / 16);
        out
    }

    /// The traceback CPython would print for this exception
    /// (`Traceback (most recent call last): ...`, chained causes first).
    pub fn format_exception(&self) -> String {
        crate::runtime::traceback::format(self)
    }

    /// `str(x)`.
    pub fn to_str(&self) -> String {
        match self {
            Value::Str(s) => s.to_string(),
            // `str(ValueError(ValueError(...)))` is the str of the inner
            // one: counted like a repr's nesting, so a long chain is cut
            // short instead of exhausting the stack.
            Value::Exc(e) => match Nesting::enter() {
                Some(_nested) => e.message(),
                None => "...".to_string(),
            },
            _ => self.repr(),
        }
    }

    pub(crate) fn write_repr(
        &self,
        out: &mut String,
        seen: &mut Vec<usize>,
        future: &dyn Fn(FutureId) -> String,
    ) {
        if !ReprRoom::has_room(out.len()) {
            return;
        }
        // Values that contain no other values print without nesting.
        if matches!(
            self,
            Value::None
                | Value::Bool(_)
                | Value::Int(_)
                | Value::Big(_)
                | Value::Float(_)
                | Value::Str(_)
                | Value::Range(_)
                | Value::Builtin(_)
                | Value::Module(_)
                | Value::Type(_)
                | Value::ExcType(_)
        ) {
            self.write_container(out, seen, future);
            return;
        }
        // Very deep nesting is cut short instead of exhausting the stack.
        // The depth is counted per thread, not per call, so that reprs which
        // start a fresh repr of what they hold (an exception's args, a
        // future's result, a bound method's receiver) share one budget.
        let Some(_nested) = Nesting::enter() else {
            out.push_str(match self {
                Value::List(_) => "[...]",
                Value::Dict(_) | Value::Set(_) => "{...}",
                _ => "...",
            });
            return;
        };
        // A container inside itself prints as `[...]`, as in CPython.
        if matches!(self, Value::List(_) | Value::Dict(_) | Value::Set(_)) {
            let id = self.identity();
            if seen.contains(&id) {
                out.push_str(match self {
                    Value::List(_) => "[...]",
                    _ => "{...}",
                });
                return;
            }
            seen.push(id);
            self.write_container(out, seen, future);
            seen.pop();
            return;
        }
        self.write_container(out, seen, future);
    }

    fn write_container(
        &self,
        out: &mut String,
        seen: &mut Vec<usize>,
        future: &dyn Fn(FutureId) -> String,
    ) {
        match self {
            Value::None => out.push_str("None"),
            Value::Bool(true) => out.push_str("True"),
            Value::Bool(false) => out.push_str("False"),
            Value::Int(i) => out.push_str(&i.to_string()),
            // CPython refuses to write an int of more than 4300 digits;
            // those who give the repr to the program raise its ValueError.
            Value::Big(b) if too_many_digits(b) => {
                ReprRoom::met_long_int();
                out.push_str("<int>");
            }
            Value::Big(b) => out.push_str(&big_decimal(b)),
            Value::Float(f) => out.push_str(&float_repr(*f)),
            Value::Str(s) => out.push_str(&str_repr(s)),
            Value::List(l) => {
                out.push('[');
                for (i, v) in l.borrow().iter().enumerate() {
                    if !ReprRoom::has_room(out.len()) {
                        break;
                    }
                    if i > 0 {
                        out.push_str(", ");
                    }
                    v.write_repr(out, seen, future);
                }
                out.push(']');
            }
            Value::Tuple(t) => {
                out.push('(');
                for (i, v) in t.iter().enumerate() {
                    if !ReprRoom::has_room(out.len()) {
                        break;
                    }
                    if i > 0 {
                        out.push_str(", ");
                    }
                    v.write_repr(out, seen, future);
                }
                if t.len() == 1 {
                    out.push(',');
                }
                out.push(')');
            }
            Value::Dict(d) => {
                let d = d.borrow();
                if !d.kind.is_plain() {
                    let entries = crate::runtime::library::collections::repr_entries(&d);
                    drop(d);
                    crate::runtime::library::collections::write_kind_repr(
                        self, entries, out, seen, future,
                    );
                    return;
                }
                out.push('{');
                for (i, (k, v)) in d.iter().enumerate() {
                    if !ReprRoom::has_room(out.len()) {
                        break;
                    }
                    if i > 0 {
                        out.push_str(", ");
                    }
                    k.write_repr(out, seen, future);
                    out.push_str(": ");
                    v.write_repr(out, seen, future);
                }
                out.push('}');
            }
            Value::Set(d) => {
                let d = d.borrow();
                if d.is_empty() {
                    out.push_str("set()");
                    return;
                }
                out.push('{');
                for (i, k) in d.set_order().iter().enumerate() {
                    if !ReprRoom::has_room(out.len()) {
                        break;
                    }
                    if i > 0 {
                        out.push_str(", ");
                    }
                    k.write_repr(out, seen, future);
                }
                out.push('}');
            }
            Value::Range(r) => {
                if r.2 == 1 {
                    out.push_str(&format!("range({}, {})", r.0, r.1));
                } else {
                    out.push_str(&format!("range({}, {}, {})", r.0, r.1, r.2));
                }
            }
            Value::Slice(s) => out.push_str(&format!(
                "slice({}, {}, {})",
                s.0.repr(),
                s.1.repr(),
                s.2.repr()
            )),
            Value::Iter(_) => out.push_str("<iterator object>"),
            Value::Func(f) => out.push_str(&format!(
                "<function {} at {:#x}>",
                f.code.qualname,
                crate::runtime::identity::id(self)
            )),
            // The singleton is kept as a built-in name, and prints as itself.
            Value::Builtin("NotImplemented") => out.push_str("NotImplemented"),
            Value::Builtin(name) => {
                let short = name.rsplit('.').next().unwrap_or(name);
                out.push_str(&format!("<built-in function {short}>"))
            }
            // A method of a built-in type written in C (`'ab'.upper`).
            Value::Method(m)
                if match &m.0 {
                    Value::Str(_)
                    | Value::List(_)
                    | Value::Set(_)
                    | Value::Tuple(_)
                    | Value::Int(_)
                    | Value::Big(_)
                    | Value::Bool(_)
                    | Value::Float(_) => true,
                    Value::Dict(d) => d.try_borrow().is_ok_and(|d| d.kind.is_plain()),
                    _ => false,
                } =>
            {
                out.push_str(&format!(
                    "<built-in method {} of {} object at {:#x}>",
                    m.1,
                    m.0.type_name(),
                    crate::runtime::identity::id(&m.0)
                ));
            }
            Value::Method(m) => {
                // A method of a user class is named by its `__qualname__`.
                let name = match &m.0 {
                    Value::Instance(i) => match i.class.lookup(&m.1) {
                        Some(Value::Func(f)) => f.code.qualname.to_string(),
                        _ => m.1.to_string(),
                    },
                    _ => m.1.to_string(),
                };
                out.push_str(&format!("<bound method {name} of "));
                m.0.write_repr(out, seen, future);
                out.push('>');
            }
            Value::Module(name) => out.push_str(&format!("<module '{name}'>")),
            Value::Type(name) => out.push_str(&format!("<class '{name}'>")),
            Value::ExcType(c) => out.push_str(&format!("<class '{}'>", c.qualified_name())),
            Value::Exc(e) => out.push_str(&e.repr()),
            Value::Coro(c) => out.push_str(&format!(
                "<coroutine object {} at {:#x}>",
                c.borrow().qualname,
                crate::runtime::identity::id(self)
            )),
            Value::Gen(g) => out.push_str(&format!(
                "<{} object {} at {:#x}>",
                self.type_name(),
                g.qualname,
                crate::runtime::identity::id(self)
            )),
            Value::Future(id) => out.push_str(&future(*id)),
            Value::Obj(o) => out.push_str(&o.repr(crate::runtime::identity::id(self))),
            Value::Class(c) => out.push_str(&format!("<class '__main__.{}'>", c.qualname)),
            Value::Instance(i) => {
                if i.class.is_enum() {
                    out.push_str(&format!(
                        "<{}.{}: ",
                        i.class.name,
                        i.get("_name_").map(|n| n.to_str()).unwrap_or_default()
                    ));
                    i.get("_value_")
                        .unwrap_or(Value::None)
                        .write_repr(out, seen, future);
                    out.push('>');
                } else if let Some(dc) = i.class.dataclass() {
                    out.push_str(&i.class.qualname);
                    out.push('(');
                    let mut first = true;
                    for f in dc.fields.iter().filter(|f| f.repr) {
                        if !first {
                            out.push_str(", ");
                        }
                        first = false;
                        out.push_str(&f.name);
                        out.push('=');
                        i.get(&f.name)
                            .unwrap_or(Value::None)
                            .write_repr(out, seen, future);
                    }
                    out.push(')');
                } else {
                    out.push_str(&format!(
                        "<__main__.{} object at {:#x}>",
                        i.class.qualname,
                        crate::runtime::identity::id(self)
                    ));
                }
            }
        }
    }

    /// The key under which this value is hashed, or `None` if it is unhashable.
    pub fn hash_key(&self) -> Option<HashKey> {
        self.hash_key_depth(0)
    }

    fn hash_key_depth(&self, depth: usize) -> Option<HashKey> {
        if depth > 200 {
            // Nesting this deep (200 levels) is treated as unhashable rather than
            // risking the native stack, which is small in the browser.
            return None;
        }
        Some(match self {
            Value::None => HashKey::None,
            Value::Bool(b) => HashKey::Int(*b as i64),
            Value::Int(i) => HashKey::Int(*i),
            Value::Big(b) => HashKey::Big(big_decimal(b)),
            Value::Float(f) => {
                // 2**63, exact as a float: the integral floats below it in
                // magnitude (and -2**63 itself) fit an i64.
                const TWO_63: f64 = 9_223_372_036_854_775_808.0;
                // An integral float is the same key as the equal int (ints
                // beyond 64 bits are keyed by their decimal text).
                if f.fract() != 0.0 || !f.is_finite() {
                    HashKey::Float(f.to_bits())
                } else if (-TWO_63..TWO_63).contains(f) {
                    HashKey::Int(*f as i64)
                } else {
                    use num_traits::FromPrimitive;
                    HashKey::Big(BigInt::from_f64(*f).unwrap_or_default().to_string())
                }
            }
            Value::Str(s) => HashKey::Str(s.clone()),
            Value::Tuple(t) => HashKey::Tuple(
                t.iter()
                    .map(|v| v.hash_key_depth(depth + 1))
                    .collect::<Option<Vec<_>>>()?,
            ),
            Value::List(_) | Value::Dict(_) | Value::Set(_) => return None,
            Value::Obj(o) if matches!(&**o, crate::runtime::objects::Obj::Dt(_)) => {
                HashKey::Str(Rc::from(o.repr(0)))
            }
            // A namedtuple hashes as its tuple.
            Value::Obj(o) if matches!(&**o, crate::runtime::objects::Obj::Named(..)) => {
                let t = crate::runtime::library::namedtuple::as_tuple(self)?;
                HashKey::Tuple(
                    t.iter()
                        .map(|v| v.hash_key_depth(depth + 1))
                        .collect::<Option<Vec<_>>>()?,
                )
            }
            Value::Future(id) => HashKey::Future(id.0),
            Value::ExcType(c) => HashKey::Name(c.name()),
            Value::Type(n) | Value::Builtin(n) | Value::Module(n) => HashKey::Name(n),
            Value::Range(r) => range_key(r.0, r.1, r.2),
            Value::Instance(i) if i.class.user_hash => HashKey::User(i.hash.get()?),
            Value::Instance(i) => match i.class.dataclass() {
                // A frozen (or `unsafe_hash`) dataclass hashes, and so keys dicts, by its fields.
                Some(dc) if dc.hashed => HashKey::Fields(
                    i.class.id,
                    dc.fields
                        .iter()
                        .filter(|f| f.compare)
                        .map(|f| {
                            i.get(&f.name)
                                .unwrap_or(Value::None)
                                .hash_key_depth(depth + 1)
                        })
                        .collect::<Option<Vec<_>>>()?,
                ),
                _ if i.class.unhashable() => return None,
                _ => HashKey::Ptr(self.identity()),
            },
            other => HashKey::Ptr(other.identity()),
        })
    }

    /// An identity for `is` and identity hashing of reference objects.
    pub fn identity(&self) -> usize {
        match self {
            Value::List(r) => Rc::as_ptr(r) as *const u8 as usize,
            Value::Tuple(r) => Rc::as_ptr(r) as *const u8 as usize,
            Value::Dict(r) | Value::Set(r) => Rc::as_ptr(r) as *const u8 as usize,
            Value::Func(r) => Rc::as_ptr(r) as *const u8 as usize,
            Value::Exc(r) => Rc::as_ptr(r) as *const u8 as usize,
            Value::Coro(r) => Rc::as_ptr(r) as *const u8 as usize,
            Value::Gen(r) => Rc::as_ptr(r) as *const u8 as usize,
            Value::Obj(r) => Rc::as_ptr(r) as *const u8 as usize,
            Value::Iter(r) => Rc::as_ptr(r) as *const u8 as usize,
            Value::Method(r) => Rc::as_ptr(r) as *const u8 as usize,
            Value::Str(r) => Rc::as_ptr(r) as *const u8 as usize,
            Value::Big(r) => Rc::as_ptr(r) as *const u8 as usize,
            Value::Range(r) => Rc::as_ptr(r) as *const u8 as usize,
            Value::Slice(r) => Rc::as_ptr(r) as *const u8 as usize,
            Value::Class(r) => Rc::as_ptr(r) as *const u8 as usize,
            Value::Instance(r) => Rc::as_ptr(r) as *const u8 as usize,
            Value::Future(id) => 0x1000_0000 + id.0 as usize,
            _ => 0,
        }
    }

    /// `a is b`.
    pub fn is(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::None, Value::None) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b && (-5..=256).contains(a),
            (Value::Float(_), Value::Float(_)) => false,
            (Value::Builtin(a), Value::Builtin(b))
            | (Value::Type(a), Value::Type(b))
            | (Value::Module(a), Value::Module(b)) => a == b,
            (Value::ExcType(a), Value::ExcType(b)) => a == b,
            (Value::Future(a), Value::Future(b)) => a == b,
            (a, b) => {
                let (x, y) = (a.identity(), b.identity());
                x != 0 && x == y
            }
        }
    }
}

/// Whether `repr` shows a character as itself (CPython's `str.isprintable`
/// for one character): not a control, format or separator character other
/// than the plain space.
fn is_printable(c: char) -> bool {
    let n = c as u32;
    if c.is_control() {
        return false;
    }
    !matches!(n,
        0xa0 | 0xad | 0x600..=0x605 | 0x61c | 0x6dd | 0x70f | 0x1680 | 0x180e | 0x2000..=0x200f | 0x2028..=0x202f
        | 0x205f..=0x2064 | 0x2066..=0x206f | 0x3000 | 0xd800..=0xdfff | 0xfeff | 0xfff9..=0xfffb | 0xe000..=0xf8ff
        | 0xf0000..=0x10ffff)
}

/// `repr` of a str, choosing quotes the way CPython does.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if !is_printable(c) => {
                let n = c as u32;
                if n <= 0xff {
                    out.push_str(&format!("\\x{n:02x}"));
                } else if n <= 0xffff {
                    out.push_str(&format!("\\u{n:04x}"));
                } else {
                    out.push_str(&format!("\\U{n:08x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Number of items in `range(start, stop, step)`.
pub fn range_len(start: i64, stop: i64, step: i64) -> i64 {
    if step > 0 && start < stop {
        ((stop as i128 - start as i128 - 1) / step as i128 + 1) as i64
    } else if step < 0 && start > stop {
        ((start as i128 - stop as i128 - 1) / (-(step as i128)) + 1) as i64
    } else {
        0
    }
}

/// A list's storage.  Its `Drop` hands its items to [`release`], so
/// dropping a deeply nested structure (`x = [x]` a million times) cannot
/// overflow the stack the way a recursive drop would.
pub struct List(pub RefCell<Vec<Value>>);

/// A tuple's items (also used for iteration snapshots).  Like [`List`], it
/// releases its items without recursion when dropped.
pub struct Tuple(pub Vec<Value>);

impl std::ops::Deref for Tuple {
    type Target = Vec<Value>;

    fn deref(&self) -> &Vec<Value> {
        &self.0
    }
}

impl Drop for Tuple {
    fn drop(&mut self) {
        if !self.0.is_empty() {
            release(Garbage::Values(std::mem::take(&mut self.0)));
        }
    }
}

impl std::ops::Deref for List {
    type Target = RefCell<Vec<Value>>;

    fn deref(&self) -> &RefCell<Vec<Value>> {
        &self.0
    }
}

impl Drop for List {
    fn drop(&mut self) {
        let items = std::mem::take(self.0.get_mut());
        if !items.is_empty() {
            release(Garbage::Values(items));
        }
    }
}

impl Drop for Dict {
    fn drop(&mut self) {
        if !self.entries.is_empty() {
            release(Garbage::Entries(std::mem::take(&mut self.entries)));
        }
    }
}

/// What an object owns that may own further objects, taken out of it when
/// it is freed so that it can be freed later, outside the object's `Drop`.
///
/// Every type that holds values and can be held by a value (containers,
/// exceptions, functions, coroutine objects, library objects) hands its
/// contents over as one of these, so that a chain of any length and any mix
/// of types (`e = ValueError(e)`, closures capturing closures, coroutines
/// holding coroutines) is freed in a loop rather than by recursion.
// The contents are never read: they are held only to be dropped.
#[allow(dead_code)]
pub(crate) enum Garbage {
    /// One value.
    Value(Value),
    /// Values (a list's or tuple's items, an exception's args, defaults).
    Values(Vec<Value>),
    /// A dict's entries.
    Entries(Vec<Option<(Value, Value)>>),
    /// Keyword arguments or keyword-only defaults.
    Pairs(Vec<(Rc<str>, Value)>),
    /// A function's closure cells.
    Cells(Vec<crate::runtime::function::Cell>),
    /// A coroutine object's body (its unstarted frame or model coroutine).
    Body(crate::runtime::objects::CoroBody),
    /// A suspended generator's frame.
    Frame(Box<crate::runtime::vm::Frame>),
}

/// How deep reprs and strs may nest (containers, exceptions' args,
/// futures' results…) before the rest is shown as `...`.
const MAX_REPR_DEPTH: usize = 200;

thread_local! {
    /// How deep the repr or str being written on this thread is nested.
    static REPR_NESTING: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// One level of repr nesting, counted in [`REPR_NESTING`] while it lives.
struct Nesting;

impl Nesting {
    /// Enters one more level, or `None` if that would pass [`MAX_REPR_DEPTH`].
    fn enter() -> Option<Nesting> {
        REPR_NESTING.with(|n| {
            let depth = n.get() + 1;
            if depth > MAX_REPR_DEPTH {
                return None;
            }
            n.set(depth);
            Some(Nesting)
        })
    }
}

impl Drop for Nesting {
    fn drop(&mut self) {
        REPR_NESTING.with(|n| n.set(n.get().saturating_sub(1)));
    }
}

thread_local! {
    /// Whether a [`release`] further up the native stack is draining [`PENDING`].
    static RELEASING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Contents of freed objects waiting to be freed by the outermost [`release`].
    static PENDING: RefCell<Vec<Garbage>> = const { RefCell::new(Vec::new()) };
}

/// Ends a draining [`release`] even if a drop unwinds, so that the next
/// release on this thread drains again instead of queueing forever.
struct Draining;

impl Drop for Draining {
    fn drop(&mut self) {
        RELEASING.with(|r| r.set(false));
    }
}

/// Frees `garbage` without recursion, the way CPython's "trashcan" does:
/// the outermost call frees it, and any object freed meanwhile hands its
/// own contents back (through its `Drop`, which calls this again) to be
/// queued and freed by the same loop.  The native stack therefore holds at
/// most a couple of `Drop` frames, however deep the structure; the queue is
/// empty between releases, so nothing carries over from one run to the next.
pub(crate) fn release(garbage: Garbage) {
    if RELEASING.with(|r| r.get()) {
        PENDING.with(|p| p.borrow_mut().push(garbage));
        return;
    }
    RELEASING.with(|r| r.set(true));
    let _draining = Draining;
    drop(garbage);
    while let Some(g) = PENDING.with(|p| p.borrow_mut().pop()) {
        drop(g);
    }
    // A very long chain leaves a large queue behind; give the memory back.
    PENDING.with(|p| {
        let mut p = p.borrow_mut();
        if p.capacity() > 4096 {
            *p = Vec::new();
        }
    });
}

/// CPython's `hash(int)`: the value modulo the Mersenne prime 2**61 - 1.
fn int_hash(i: i64) -> i64 {
    const P: i64 = (1 << 61) - 1;
    let h = i.rem_euclid(P);
    let h = if i < 0 && h != 0 { h - P } else { h };
    if h == -1 {
        -2
    } else {
        h
    }
}

/// Places entry `j` with hash `h` in a table the way `setobject.c` does.
fn set_insert(table: &mut [Option<usize>], h: i64, j: usize) {
    // Computed in 64 bits as CPython's `size_t` on 64-bit machines, also on wasm32.
    const LINEAR_PROBES: u64 = 9;
    let mask = (table.len() - 1) as u64;
    let mut perturb = h as u64;
    let mut i = (h as u64) & mask;
    loop {
        let probes = if i + LINEAR_PROBES <= mask {
            LINEAR_PROBES
        } else {
            0
        };
        for k in 0..=probes {
            let slot = (i + k) as usize;
            if table[slot].is_none() {
                table[slot] = Some(j);
                return;
            }
        }
        perturb >>= 5;
        i = i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb) & mask;
    }
}

/// What a dict or set hashes a key to: equal Python values give equal keys.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum HashKey {
    /// `None`.
    None,
    /// An int, a bool, or an integral float.
    Int(i64),
    /// A big int, by its decimal digits.
    Big(String),
    /// A non-integral float, by its bits.
    Float(u64),
    /// A str.
    Str(Rc<str>),
    /// A tuple of hashable items.
    Tuple(Vec<HashKey>),
    /// A future or task.
    Future(u32),
    /// A named built-in (type, function, module).
    Name(&'static str),
    /// Any other object, by identity.
    Ptr(usize),
    /// A frozen dataclass instance: its class's id and its fields' keys.
    Fields(usize, Vec<HashKey>),
    /// An instance of a class with its own `__hash__` and `__eq__`, by
    /// what its `__hash__` returned (see `Instance::hash`).
    User(i64),
    /// A range, by the sequence it stands for: its length, then its first
    /// item when it has one and its step when it has two or more (so equal
    /// ranges share a key, as `range(0) == range(5, 2)` in CPython).
    Range(i64, i64, i64),
}

/// The key of `range(start, stop, step)`: see [`HashKey::Range`].
pub fn range_key(start: i64, stop: i64, step: i64) -> HashKey {
    match range_len(start, stop, step) {
        0 => HashKey::Range(0, 0, 0),
        1 => HashKey::Range(1, start, 0),
        n => HashKey::Range(n, start, step),
    }
}

/// An insertion-ordered hash map from Python values to values.
#[derive(Clone, Default)]
pub struct Dict {
    entries: Vec<Option<(Value, Value)>>,
    index: HashMap<HashKey, usize>,
    /// Which dict subclass of `collections` this is (a plain dict mostly).
    pub kind: crate::runtime::library::collections::DictKind,
}

impl Dict {
    /// An empty dict.
    pub fn new() -> Dict {
        Dict::default()
    }

    /// Number of live entries.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Whether the dict is empty.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Looks a key up.
    pub fn get(&self, key: &HashKey) -> Option<&Value> {
        self.index
            .get(key)
            .and_then(|&i| self.entries[i].as_ref().map(|e| &e.1))
    }

    /// Inserts or replaces (keeping the original position and key object, as Python does).
    pub fn insert(&mut self, hk: HashKey, key: Value, value: Value) {
        if let Some(&i) = self.index.get(&hk) {
            if let Some(e) = self.entries[i].as_mut() {
                e.1 = value;
            }
            return;
        }
        self.index.insert(hk, self.entries.len());
        self.entries.push(Some((key, value)));
    }

    /// Removes a key, returning its value.
    pub fn remove(&mut self, hk: &HashKey) -> Option<(Value, Value)> {
        let i = self.index.remove(hk)?;
        let e = self.entries[i].take();
        if self.entries.len() > 32 && self.index.len() * 2 < self.entries.len() {
            self.compact();
        }
        e
    }

    fn compact(&mut self) {
        let live: Vec<(Value, Value)> = self.entries.drain(..).flatten().collect();
        self.index.clear();
        for (k, v) in live {
            if let Some(hk) = k.hash_key() {
                self.index.insert(hk, self.entries.len());
                self.entries.push(Some((k, v)));
            }
        }
    }

    /// Removes everything.
    pub fn clear(&mut self) {
        self.entries.clear();
        self.index.clear();
    }

    /// Live entries in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&Value, &Value)> {
        self.entries.iter().flatten().map(|(k, v)| (k, v))
    }

    /// A set's members in the order CPython's hash table would list them.
    ///
    /// CPython iterates a set in slot order, which for ints (whose hash is
    /// the value) is fully determined: this replays CPython's insertions
    /// (`setobject.c`: linear probing, perturbation, resizing) for sets of
    /// ints.  Sets holding strings are in random order in CPython itself
    /// (hash randomisation), so for them insertion order is as good as any.
    pub fn set_order(&self) -> Vec<Value> {
        let keys = self.keys();
        let hashes: Option<Vec<i64>> = keys
            .iter()
            .map(|k| match k {
                Value::Int(i) => Some(if *i == -1 { -2 } else { int_hash(*i) }),
                Value::Bool(b) => Some(*b as i64),
                _ => None,
            })
            .collect();
        let Some(hashes) = hashes else { return keys };
        let mut table: Vec<Option<usize>> = vec![None; 8];
        let mut used = 0usize;
        for idx in 0..keys.len() {
            set_insert(&mut table, hashes[idx], idx);
            used += 1;
            // `set_add_entry` resizes once the table is 60% full.
            if used * 5 >= (table.len() - 1) * 3 {
                let minused = if used > 50_000 { used * 2 } else { used * 4 };
                let mut size = 8;
                while size <= minused {
                    size <<= 1;
                }
                let old: Vec<usize> = table.iter().flatten().copied().collect();
                table = vec![None; size];
                for j in old {
                    set_insert(&mut table, hashes[j], j);
                }
            }
        }
        table
            .into_iter()
            .flatten()
            .map(|j| keys[j].clone())
            .collect()
    }

    /// The keys in insertion order.
    pub fn keys(&self) -> Vec<Value> {
        self.iter().map(|(k, _)| k.clone()).collect()
    }

    /// Removes and returns the first (for sets) or last (for `popitem`) entry.
    pub fn pop_entry(&mut self, last: bool) -> Option<(Value, Value)> {
        let pos = if last {
            self.entries.iter().rposition(|e| e.is_some())?
        } else {
            self.entries.iter().position(|e| e.is_some())?
        };
        let (k, v) = self.entries[pos].take()?;
        if let Some(hk) = k.hash_key() {
            self.index.remove(&hk);
        }
        Some((k, v))
    }
}

impl loopscope_sim::Value for Value {
    fn none() -> Self {
        Value::None
    }

    fn exception(kind: ExcKind, message: Option<String>) -> Self {
        let class = ExcClass::from_kind(kind);
        let args = message.map(|m| vec![Value::str(&m)]).unwrap_or_default();
        Value::Exc(Rc::new(Exc::new(class, args)))
    }

    fn exception_group(message: &str, excs: Vec<Self>) -> Self {
        let all_exc = excs
            .iter()
            .all(|e| matches!(e, Value::Exc(x) if x.class.is_exception()));
        let class = if all_exc {
            ExcClass::ExceptionGroup
        } else {
            ExcClass::BaseExceptionGroup
        };
        Value::Exc(Rc::new(Exc::new(
            class,
            vec![Value::str(message), Value::new_list(excs)],
        )))
    }

    fn is_instance_of(&self, kind: ExcKind) -> bool {
        match self {
            Value::Exc(e) => e.class.is_subclass(ExcClass::from_kind(kind)),
            _ => false,
        }
    }

    fn is_exception(&self) -> bool {
        match self {
            Value::Exc(e) => e.class.is_exception(),
            _ => false,
        }
    }

    fn list(items: Vec<Self>) -> Self {
        Value::new_list(items)
    }

    fn tuple(items: Vec<Self>) -> Self {
        Value::new_tuple(items)
    }

    fn set(items: Vec<Self>) -> Self {
        let mut d = Dict::new();
        for v in items {
            if let Some(hk) = v.hash_key() {
                d.insert(hk, v, Value::None);
            }
        }
        Value::Set(Rc::new(RefCell::new(d)))
    }

    fn future(id: FutureId) -> Self {
        Value::Future(id)
    }

    fn bool(b: bool) -> Self {
        Value::Bool(b)
    }

    fn int(i: i64) -> Self {
        Value::Int(i)
    }

    fn as_future(&self) -> Option<FutureId> {
        match self {
            Value::Future(f) => Some(*f),
            _ => None,
        }
    }

    fn lt(&self, other: &Self) -> bool {
        matches!(
            crate::runtime::ops::compare_order(self, other, "<"),
            Ok(std::cmp::Ordering::Less)
        )
    }

    fn format_exception(&self) -> String {
        crate::runtime::traceback::format(self)
    }

    fn describe_static(&self) -> Option<&'static str> {
        match self {
            Value::None => Some("None"),
            Value::Bool(true) => Some("True"),
            Value::Bool(false) => Some("False"),
            _ => None,
        }
    }

    fn describe(&self) -> String {
        let r = self.repr();
        if r.chars().count() > 60 {
            let mut s: String = r.chars().take(57).collect();
            s.push_str("...");
            s
        } else {
            r
        }
    }
}

/// The decimal text of a big int.  Converting costs time quadratic in the
/// number of digits, which is counted as work toward the operations limit:
/// otherwise `while True: s = str(2**100000)` would run for hours within it.
pub use crate::front::int_text::{INT_MAX_STR_DIGITS, TOO_LONG_TO_WRITE as INT_TOO_LONG_TO_WRITE};

/// Whether `b` has more decimal digits than CPython writes
/// ([`INT_MAX_STR_DIGITS`]), decided by its size in bits where that tells.
pub fn too_many_digits(b: &BigInt) -> bool {
    // 2^14000 has 4215 digits and 2^14300 has 4305.
    match b.bits() {
        0..=14_000 => false,
        14_301.. => true,
        _ => b.magnitude().to_string().len() > INT_MAX_STR_DIGITS,
    }
}

pub fn big_decimal(b: &BigInt) -> String {
    let text = b.to_string();
    crate::runtime::builtins::add_work(text.len() * text.len() / 4096);
    text
}

thread_local! {
    /// Bytes the repr being written may still take (`None` between reprs),
    /// whether it was cut short for want of them, and whether it met an int
    /// too long to write.
    static REPR_ROOM: std::cell::Cell<(Option<usize>, bool, bool)> = const { std::cell::Cell::new((None, false, false)) };
}

/// The room a repr has: the string limit, shared by the reprs written
/// inside it (a deque's items, an exception's arguments).
///
/// A list holding the same big list a thousand times takes little memory,
/// and its repr would take gigabytes: a repr is written up to the limit and
/// no further, and those who give it to the program raise `MemoryError`.
pub(crate) struct ReprRoom {
    /// Whether this repr is the outermost one, which sets the room.
    outermost: bool,
}

impl ReprRoom {
    /// Starts a repr: the outermost one gets the whole limit.
    fn enter() -> ReprRoom {
        REPR_ROOM.with(|r| {
            let (room, ..) = r.get();
            if room.is_none() {
                r.set((
                    Some(crate::runtime::builtins::MAX_MATERIALISED),
                    false,
                    false,
                ));
            }
            ReprRoom {
                outermost: room.is_none(),
            }
        })
    }

    /// Ends a repr that wrote `len` bytes: an inner one's bytes are taken
    /// from the room (its outer repr copies them, so the room errs on the
    /// side of stopping early), the outermost one gives the room back.
    fn leave(self, len: usize) {
        REPR_ROOM.with(|r| {
            let (room, cut, digits) = r.get();
            if self.outermost {
                r.set((None, cut, digits));
            } else {
                r.set((room.map(|n| n.saturating_sub(len)), cut, digits));
            }
        });
    }

    /// Marks the repr being written as holding an int too long to write.
    fn met_long_int() {
        REPR_ROOM.with(|r| {
            let (room, cut, _) = r.get();
            r.set((room, cut, true));
        });
    }

    /// Whether a repr that has written `len` bytes may write more; when not,
    /// the repr is marked as cut.
    fn has_room(len: usize) -> bool {
        REPR_ROOM.with(|r| match r.get() {
            (Some(room), _, digits) if len > room => {
                r.set((Some(room), true, digits));
                false
            }
            _ => true,
        })
    }
}

/// Why the last outermost repr cannot be given to the program, if it
/// cannot: cut short at the string limit (`MemoryError`), or holding an int
/// too long to write (`ValueError`). Asking forgets it.
pub(crate) fn repr_trouble() -> Option<Value> {
    let (cut, digits) = REPR_ROOM.with(|r| {
        let (room, cut, digits) = r.get();
        r.set((room, false, false));
        (cut, digits)
    });
    let max = crate::runtime::builtins::MAX_MATERIALISED;
    if cut {
        Some(Exc::value(
            ExcClass::MemoryError,
            format!("string longer than the limit of {max} characters"),
        ))
    } else if digits {
        Some(Exc::value(ExcClass::ValueError, INT_TOO_LONG_TO_WRITE))
    } else {
        None
    }
}
