//! `collections` (`deque`, `defaultdict`, `Counter`, `OrderedDict`) and the
//! wrappers of `functools` (`lru_cache`, `cache`, `wraps`), with `reduce`.
//!
//! The three dict subclasses are plain dicts (`Value::Dict`) with a
//! [`DictKind`], so that every dict operation (subscripts, `in`, `len`,
//! iteration, `==`) works on them unchanged; only what differs is here:
//! the missing-key hook (`__missing__`), the reprs, and the extra methods.
//! A `deque` is a model-free object (`Obj::Deque`) over a `VecDeque`.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use loopscope_sim::{FutureId, Sim};

use crate::compile::code::BinOp;
use crate::front::names::ExcClass;
use crate::runtime::builtins::{want_int, Args};
use crate::runtime::objects::Obj;
use crate::runtime::ops::{self, err, PyResult};
use crate::runtime::value::{Dict, HashKey, Value};
use crate::runtime::vm::{CallOut, Runner};

/// Which dict subclass a dict is.
#[derive(Clone, Default)]
pub enum DictKind {
    /// A plain `dict`.
    #[default]
    Plain,
    /// `defaultdict(factory)`.
    Default(Value),
    /// `Counter`.
    Counter,
    /// `OrderedDict`.
    Ordered,
}

impl DictKind {
    /// `type(d).__name__`.
    pub fn name(&self) -> &'static str {
        match self {
            DictKind::Plain => "dict",
            DictKind::Default(_) => "defaultdict",
            DictKind::Counter => "Counter",
            DictKind::Ordered => "OrderedDict",
        }
    }

    /// Whether this is a plain dict.
    pub fn is_plain(&self) -> bool {
        matches!(self, DictKind::Plain)
    }
}

/// What the repr of a dict subclass needs: its kind and its entries in the
/// order the repr lists them.
pub struct KindEntries {
    kind: DictKind,
    entries: Vec<(Value, Value)>,
}

/// The entries of a dict subclass for its repr (a `Counter` lists the
/// largest counts first, as `most_common()` does).
pub fn repr_entries(d: &Dict) -> KindEntries {
    let mut entries: Vec<(Value, Value)> = d.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    if matches!(d.kind, DictKind::Counter) {
        sort_by_count(&mut entries);
    }
    KindEntries {
        kind: d.kind.clone(),
        entries,
    }
}

/// Sorts `(key, count)` pairs by count, largest first, keeping the
/// insertion order of equal counts (CPython's `most_common`).
fn sort_by_count(entries: &mut [(Value, Value)]) {
    entries
        .sort_by(|a, b| ops::compare_order(&b.1, &a.1, "<").unwrap_or(std::cmp::Ordering::Equal));
}

/// Writes `Counter({...})`, `defaultdict(<class 'list'>, {...})` or
/// `OrderedDict({...})`.
pub fn write_kind_repr(
    _dict: &Value,
    e: KindEntries,
    out: &mut String,
    seen: &mut Vec<usize>,
    future: &dyn Fn(FutureId) -> String,
) {
    out.push_str(e.kind.name());
    out.push('(');
    if let DictKind::Default(f) = &e.kind {
        f.write_repr(out, seen, future);
        out.push_str(", ");
    } else if e.entries.is_empty() {
        out.push(')');
        return;
    }
    out.push('{');
    for (i, (k, v)) in e.entries.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        k.write_repr(out, seen, future);
        out.push_str(": ");
        v.write_repr(out, seen, future);
    }
    out.push_str("})");
}

/// A `deque`'s items and bound.
pub struct Deque {
    /// The items, left to right.
    pub items: VecDeque<Value>,
    /// `maxlen`, when bounded.
    pub maxlen: Option<usize>,
}

impl Deque {
    fn push(&mut self, v: Value, left: bool) {
        if self.maxlen == Some(0) {
            return;
        }
        // A full bounded deque drops an item from the other end.
        if self.maxlen.is_some_and(|m| self.items.len() >= m) {
            if left {
                self.items.pop_back();
            } else {
                self.items.pop_front();
            }
        }
        if left {
            self.items.push_front(v);
        } else {
            self.items.push_back(v);
        }
    }
}

/// A function wrapped by `functools`.
pub struct Wrapped {
    /// The function called.
    pub func: Value,
    /// What the wrapper adds.
    pub kind: WrapKind,
    /// `__name__`, `__qualname__`, `__doc__`, `__wrapped__` set by `wraps`.
    pub names: Option<(Value, Value, Value, Value)>,
}

/// How many `functools` wrappers may call one another at once (a chain of
/// them is native recursion); more raise `RecursionError`.
pub const MAX_WRAP_NESTING: usize = 200;

/// Where a cached call's result goes: the cache, the argument's key and its hash.
pub struct CacheSlot {
    /// The `lru_cache` wrapper.
    wrapper: Rc<Obj>,
    /// The key's hash key.
    hash: HashKey,
    /// The key (the arguments).
    key: Value,
}

impl CacheSlot {
    /// Keeps `v` as the result for the key, dropping the least recently
    /// used entries past `maxsize` (and keeping nothing past the
    /// interpreter's collection limit `max`).
    pub fn store(&self, v: &Value, max: usize) {
        let Obj::Wrapped(w) = &*self.wrapper else {
            return;
        };
        let mut wb = w.borrow_mut();
        if let WrapKind::Cache {
            results, maxsize, ..
        } = &mut wb.kind
        {
            if let Some(m) = maxsize {
                while results.len() >= (*m).max(1) && !results.is_empty() {
                    let oldest = results.iter().next().map(|(k, _)| k.clone());
                    match oldest.and_then(|k| k.hash_key()) {
                        Some(oh) => {
                            results.remove(&oh);
                        }
                        None => break,
                    }
                }
            }
            if *maxsize != Some(0) && results.len() < max {
                results.insert(self.hash.clone(), self.key.clone(), v.clone());
            }
        }
    }
}

/// What a `functools` wrapper does.
pub enum WrapKind {
    /// `lru_cache(maxsize)` / `cache`: results by arguments, oldest first.
    Cache {
        /// Argument tuple to result.
        results: Dict,
        /// `None` for unbounded.
        maxsize: Option<usize>,
        /// Calls answered from the cache.
        hits: i64,
        /// Calls that ran the function.
        misses: i64,
    },
    /// A function given another's names by `functools.wraps` (calls pass through).
    Renamed,
}

impl Wrapped {
    /// `type(x).__name__`.
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            WrapKind::Cache { .. } => "functools._lru_cache_wrapper",
            WrapKind::Renamed => self.func.type_name(),
        }
    }

    /// `repr(x)`.
    pub fn repr(&self, id: u64) -> String {
        match (&self.kind, &self.func) {
            (WrapKind::Cache { .. }, _) => {
                format!("<functools._lru_cache_wrapper object at {id:#x}>")
            }
            (WrapKind::Renamed, f) => f.repr(),
        }
    }
}

fn obj(o: Obj) -> Value {
    Value::Obj(Rc::new(o))
}

/// An empty dict of `kind`.
pub(crate) fn new_dict(kind: DictKind) -> Dict {
    let mut d = Dict::new();
    d.kind = kind;
    d
}

fn key_of(k: &Value) -> PyResult<HashKey> {
    k.hash_key().ok_or_else(|| {
        crate::runtime::exc::Exc::value(
            ExcClass::TypeError,
            format!("unhashable type: '{}'", k.type_name()),
        )
    })
}

/// The public names of `collections` that Loopscope has.
pub const NAMES: &[&str] = &[
    "collections.deque",
    "collections.defaultdict",
    "collections.Counter",
    "collections.OrderedDict",
];

impl Runner {
    /// Calls `collections.name`.
    pub(crate) fn call_collections(
        &mut self,
        sim: &mut Sim<Value>,
        name: &str,
        mut a: Args,
    ) -> PyResult {
        match name {
            // OrderedDict's takes its two arguments by keyword too, and
            // words its errors as CPython's argument clinic does.
            "collections.OrderedDict.fromkeys" => {
                for (i, name) in ["iterable", "value"].into_iter().enumerate() {
                    if let Some(v) = a.take_kw(name) {
                        if a.pos.len() != i {
                            return err(
                                ExcClass::TypeError,
                                format!("argument for fromkeys() given by name ('{name}') and position ({})", i + 1),
                            );
                        }
                        a.pos.push(v);
                    }
                }
                a.no_more_kw("fromkeys")?;
                match a.pos.len() {
                    0 => err(
                        ExcClass::TypeError,
                        "fromkeys() missing required argument 'iterable' (pos 1)",
                    ),
                    n @ 3.. => err(
                        ExcClass::TypeError,
                        format!("fromkeys() takes at most 2 arguments ({n} given)"),
                    ),
                    _ => crate::runtime::builtins::dict_fromkeys(a, DictKind::Ordered),
                }
            }
            // The new defaultdict has no factory, as in CPython.
            "collections.defaultdict.fromkeys" => {
                crate::runtime::builtins::dict_fromkeys(a, DictKind::Default(Value::None))
            }
            "collections.Counter.fromkeys" => err(
                ExcClass::NotImplementedError,
                "Counter.fromkeys() is undefined.  Use Counter(iterable) instead.",
            ),
            "collections.deque" => {
                let maxlen = match a.get(1, "maxlen") {
                    None | Some(Value::None) => None,
                    Some(v) => {
                        let m = want_int(&v, "")?;
                        if m < 0 {
                            return err(ExcClass::ValueError, "maxlen must be non-negative");
                        }
                        Some(m as usize)
                    }
                };
                let mut items = match a.get(0, "iterable") {
                    Some(src) => self.iterate(sim, &src)?,
                    None => Vec::new(),
                };
                // A bounded deque keeps the last `maxlen` items. The list
                // the items came in becomes the deque's buffer: pushing them
                // one by one made a second copy, twice the memory of a big
                // iterable at once, between two reads of the memory gauge.
                if let Some(m) = maxlen {
                    items.drain(..items.len().saturating_sub(m));
                }
                let d = Deque {
                    items: VecDeque::from(items),
                    maxlen,
                };
                Ok(obj(Obj::Deque(RefCell::new(d))))
            }
            "collections.defaultdict" => {
                let factory = if a.pos.is_empty() {
                    Value::None
                } else {
                    a.pos.remove(0)
                };
                if !matches!(factory, Value::None) && !is_callable(&factory) {
                    return err(
                        ExcClass::TypeError,
                        "first argument must be callable or None",
                    );
                }
                let d = self.dict_from(sim, DictKind::Default(factory), a)?;
                Ok(Value::Dict(Rc::new(RefCell::new(d))))
            }
            "collections.OrderedDict" => {
                let d = self.dict_from(sim, DictKind::Ordered, a)?;
                Ok(Value::Dict(Rc::new(RefCell::new(d))))
            }
            _ => {
                let c = Rc::new(RefCell::new(new_dict(DictKind::Counter)));
                self.counter_update(sim, &c, a, 1)?;
                Ok(Value::Dict(c))
            }
        }
    }

    /// A dict of `kind` from `dict()`'s arguments (a mapping or pairs, and keywords).
    fn dict_from(&mut self, sim: &mut Sim<Value>, kind: DictKind, a: Args) -> PyResult<Dict> {
        let plain = self.call_type(sim, "dict", a.pos, a.kw)?;
        let CallOut::Value(Value::Dict(d)) = plain else {
            return err(ExcClass::TypeError, "expected a dict");
        };
        let mut d = d.borrow().clone();
        d.kind = kind;
        Ok(d)
    }

    /// `Counter.update` (sign 1) and `Counter.subtract` (sign -1).
    fn counter_update(
        &mut self,
        sim: &mut Sim<Value>,
        c: &Rc<RefCell<Dict>>,
        a: Args,
        sign: i64,
    ) -> PyResult<()> {
        let mut pairs: Vec<(Value, Value)> = Vec::new();
        if let Some(src) = a.pos.first() {
            match src {
                Value::Dict(d) => {
                    pairs.extend(d.borrow().iter().map(|(k, v)| (k.clone(), v.clone())))
                }
                other => {
                    for k in self.iterate(sim, other)? {
                        pairs.push((k, Value::Int(1)));
                    }
                }
            }
        }
        for (k, v) in a.kw {
            pairs.push((Value::Str(k), v));
        }
        crate::runtime::builtins::add_work(pairs.len());
        let max = self.interp.limits.max_collection;
        let mut d = c.borrow_mut();
        for (k, v) in pairs {
            let h = key_of(&k)?;
            let v = if sign < 0 { ops::neg(&v)? } else { v };
            let new = match d.get(&h) {
                Some(old) => ops::binary(BinOp::Add, old, &v, 0)?,
                None => {
                    if d.len() >= max {
                        return err(
                            ExcClass::MemoryError,
                            format!("dict larger than the limit of {max} items"),
                        );
                    }
                    v
                }
            };
            d.insert(h, k, new);
        }
        Ok(())
    }

    /// `d[k]` when `k` is missing: `defaultdict` makes and stores the
    /// default, `Counter` answers 0; `deque` items by index and the
    /// subscripted types of annotations (`list[int]`) are here too.
    /// Anything else raises the original error.
    #[inline(never)]
    pub(crate) fn getitem_fallback(
        &mut self,
        sim: &mut Sim<Value>,
        c: &Value,
        i: &Value,
        e: Value,
    ) -> PyResult {
        match c {
            Value::Dict(d) => {
                let missing = matches!(&e, Value::Exc(x) if x.class == ExcClass::KeyError);
                let kind = d.borrow().kind.clone();
                match kind {
                    DictKind::Default(f) if missing && !matches!(f, Value::None) => {
                        let v = self.call_sync(sim, &f, vec![])?;
                        let h = key_of(i)?;
                        d.borrow_mut().insert(h, i.clone(), v.clone());
                        Ok(v)
                    }
                    DictKind::Counter if missing => Ok(Value::Int(0)),
                    _ => Err(e),
                }
            }
            Value::Obj(o) => match &**o {
                // `ctx[var]`: the variable's value in the context.
                Obj::Context(ctx) => ctx.lookup(i)?.ok_or_else(|| {
                    Value::Exc(Rc::new(crate::runtime::exc::Exc::new(
                        ExcClass::KeyError,
                        vec![i.clone()],
                    )))
                }),
                Obj::Deque(d) => {
                    let d = d.borrow();
                    let n = d.items.len() as i64;
                    let Some(k) = i.as_i64() else {
                        return err(
                            ExcClass::TypeError,
                            format!("sequence index must be integer, not '{}'", i.type_name()),
                        );
                    };
                    let k = if k < 0 { k + n } else { k };
                    match d.items.get(k.max(0) as usize).filter(|_| k >= 0) {
                        Some(v) => Ok(v.clone()),
                        None => err(ExcClass::IndexError, "deque index out of range"),
                    }
                }
                Obj::Named(_, t) => ops::getitem(&Value::Tuple(t.clone()), i),
                _ => Err(e),
            },
            // `list[int]`, `Optional[str]`, `dict[str, int]`: annotations
            // are checked by nobody at run time, so the subscripted form
            // stands for its origin.
            Value::Type(_) => Ok(c.clone()),
            _ => Err(e),
        }
    }

    /// Methods of the dict subclasses that differ from `dict`'s; `None`
    /// when `name` is a plain dict method.
    pub(crate) fn dict_kind_method(
        &mut self,
        sim: &mut Sim<Value>,
        d: &Rc<RefCell<Dict>>,
        name: &str,
        a: &mut Option<Args>,
    ) -> Option<PyResult> {
        let kind = d.borrow().kind.clone();
        let take = |a: &mut Option<Args>| {
            a.take().unwrap_or(Args {
                pos: vec![],
                kw: vec![],
            })
        };
        match (kind, name) {
            (DictKind::Counter, "most_common") => {
                let a = take(a);
                let mut entries: Vec<(Value, Value)> = d
                    .borrow()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                crate::runtime::builtins::add_work(entries.len());
                sort_by_count(&mut entries);
                if let Some(n) = a.pos.first().filter(|v| !matches!(v, Value::None)) {
                    match want_int(n, "") {
                        Ok(n) => entries.truncate(n.max(0) as usize),
                        Err(e) => return Some(Err(e)),
                    }
                }
                Some(Ok(Value::new_list(
                    entries
                        .into_iter()
                        .map(|(k, v)| Value::new_tuple(vec![k, v]))
                        .collect(),
                )))
            }
            (DictKind::Counter, "elements") => {
                let mut out = Vec::new();
                for (k, v) in d.borrow().iter() {
                    let n = v.as_i64().unwrap_or(0);
                    if (out.len() as i64).saturating_add(n.max(0))
                        > crate::runtime::builtins::MAX_MATERIALISED as i64
                    {
                        return Some(err(ExcClass::MemoryError, "too many elements"));
                    }
                    for _ in 0..n.max(0) {
                        out.push(k.clone());
                    }
                }
                crate::runtime::builtins::add_work(out.len());
                Some(crate::runtime::builtins::get_iter(&Value::new_list(out)))
            }
            (DictKind::Counter, "total") => {
                let mut t = Value::Int(0);
                for (_, v) in d.borrow().iter() {
                    t = match ops::binary(BinOp::Add, &t, v, 0) {
                        Ok(t) => t,
                        Err(e) => return Some(Err(e)),
                    };
                }
                Some(Ok(t))
            }
            (DictKind::Counter, "update" | "subtract") => {
                let sign = if name == "update" { 1 } else { -1 };
                let a = take(a);
                Some(self.counter_update(sim, d, a, sign).map(|_| Value::None))
            }
            (DictKind::Ordered, "move_to_end") => {
                let mut a = take(a);
                let last = a.get(1, "last").map(|v| v.truthy()).unwrap_or(true);
                let Some(k) = a.pos.first().cloned() else {
                    return Some(err(
                        ExcClass::TypeError,
                        "move_to_end() missing required argument 'key' (pos 1)",
                    ));
                };
                let h = match key_of(&k) {
                    Ok(h) => h,
                    Err(e) => return Some(Err(e)),
                };
                let mut dm = d.borrow_mut();
                let Some((k, v)) = dm.remove(&h) else {
                    return Some(Err(Value::Exc(Rc::new(crate::runtime::exc::Exc::new(
                        ExcClass::KeyError,
                        vec![k],
                    )))));
                };
                if last {
                    dm.insert(h, k, v);
                } else {
                    let rest: Vec<(Value, Value)> =
                        dm.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                    crate::runtime::builtins::add_work(rest.len());
                    dm.clear();
                    dm.insert(h, k, v);
                    for (k, v) in rest {
                        if let Some(h) = k.hash_key() {
                            dm.insert(h, k, v);
                        }
                    }
                }
                Some(Ok(Value::None))
            }
            (DictKind::Ordered, "popitem") => {
                let mut a = take(a);
                let last = a.get(0, "last").map(|v| v.truthy()).unwrap_or(true);
                let mut dm = d.borrow_mut();
                let entry = if last {
                    dm.iter().last().map(|(k, _)| k.clone())
                } else {
                    dm.iter().next().map(|(k, _)| k.clone())
                };
                let Some(k) = entry else {
                    return Some(err(ExcClass::KeyError, "dictionary is empty"));
                };
                let h = k.hash_key()?;
                let (k, v) = dm.remove(&h)?;
                Some(Ok(Value::new_tuple(vec![k, v])))
            }
            _ => None,
        }
    }

    /// Methods of a `deque`.
    pub(crate) fn deque_method(
        &mut self,
        sim: &mut Sim<Value>,
        d: &RefCell<Deque>,
        name: &str,
        mut a: Args,
    ) -> PyResult {
        let max = self.interp.limits.max_collection;
        let arg = |a: &Args| a.pos.first().cloned();
        let need = |a: &Args| -> PyResult<Value> {
            a.pos.first().cloned().ok_or_else(|| {
                crate::runtime::exc::Exc::value(
                    ExcClass::TypeError,
                    format!("deque.{name}() takes exactly one argument (0 given)"),
                )
            })
        };
        match name {
            "append" | "appendleft" => {
                let v = need(&a)?;
                let mut d = d.borrow_mut();
                if d.items.len() >= max {
                    return err(
                        ExcClass::MemoryError,
                        format!("deque larger than the limit of {max} items"),
                    );
                }
                d.push(v, name == "appendleft");
                Ok(Value::None)
            }
            "extend" | "extendleft" => {
                let items = self.iterate(sim, &need(&a)?)?;
                let mut d = d.borrow_mut();
                if d.maxlen.is_none() && d.items.len() + items.len() > max {
                    return err(
                        ExcClass::MemoryError,
                        format!("deque larger than the limit of {max} items"),
                    );
                }
                for v in items {
                    d.push(v, name == "extendleft");
                }
                Ok(Value::None)
            }
            "pop" | "popleft" => {
                let mut d = d.borrow_mut();
                let v = if name == "pop" {
                    d.items.pop_back()
                } else {
                    d.items.pop_front()
                };
                v.ok_or_else(|| {
                    crate::runtime::exc::Exc::value(ExcClass::IndexError, "pop from an empty deque")
                })
            }
            "rotate" => {
                let n = match arg(&a) {
                    Some(v) => want_int(&v, "")?,
                    None => 1,
                };
                let mut d = d.borrow_mut();
                let len = d.items.len() as i64;
                if len > 1 {
                    let k = n.rem_euclid(len) as usize;
                    d.items.rotate_right(k);
                    crate::runtime::builtins::add_work(k);
                }
                Ok(Value::None)
            }
            "clear" => {
                let old = std::mem::take(&mut d.borrow_mut().items);
                drop(old);
                Ok(Value::None)
            }
            "copy" => {
                let d = d.borrow();
                crate::runtime::builtins::add_work(d.items.len());
                Ok(obj(Obj::Deque(RefCell::new(Deque {
                    items: d.items.clone(),
                    maxlen: d.maxlen,
                }))))
            }
            "count" | "index" | "remove" => {
                let x = need(&a)?;
                let items: Vec<Value> = d.borrow().items.iter().cloned().collect();
                match name {
                    "count" => Ok(Value::Int(ops::count(&items, &x)? as i64)),
                    "index" => {
                        let (from, to) = crate::runtime::methods::seq_bounds(
                            items.len(),
                            &a.pos[a.pos.len().min(1)..],
                        )?;
                        match ops::position(&items[from..to], &x)? {
                            Some(i) => Ok(Value::Int((from + i) as i64)),
                            None => err(
                                ExcClass::ValueError,
                                format!("{} is not in deque", x.repr()),
                            ),
                        }
                    }
                    _ => match ops::position(&items, &x)? {
                        Some(i) => {
                            d.borrow_mut().items.remove(i);
                            Ok(Value::None)
                        }
                        None => err(
                            ExcClass::ValueError,
                            format!("{} is not in deque", x.repr()),
                        ),
                    },
                }
            }
            "reverse" => {
                let mut d = d.borrow_mut();
                let items: Vec<Value> = d.items.drain(..).rev().collect();
                d.items.extend(items);
                Ok(Value::None)
            }
            "insert" => {
                let i = want_int(&a.pos.first().cloned().unwrap_or(Value::None), "")?;
                let v = a.pos.get(1).cloned().unwrap_or(Value::None);
                let mut d = d.borrow_mut();
                if d.maxlen.is_some_and(|m| d.items.len() >= m) {
                    return err(ExcClass::IndexError, "deque already at its maximum size");
                }
                let n = d.items.len() as i64;
                let at = if i < 0 { (i + n).max(0) } else { i.min(n) };
                d.items.insert(at as usize, v);
                Ok(Value::None)
            }
            _ => {
                let _ = a.take_kw("");
                err(
                    ExcClass::AttributeError,
                    format!("'collections.deque' object has no attribute '{name}'"),
                )
            }
        }
    }

    /// Calls `functools.reduce`, `lru_cache`, `cache` or `wraps`.
    pub(crate) fn call_functools_more(
        &mut self,
        sim: &mut Sim<Value>,
        name: &str,
        mut a: Args,
    ) -> PyResult {
        match name {
            "functools.reduce" => {
                if a.pos.len() < 2 {
                    return err(
                        ExcClass::TypeError,
                        format!("reduce expected at least 2 arguments, got {}", a.pos.len()),
                    );
                }
                let f = a.pos[0].clone();
                let it = crate::runtime::builtins::get_iter(&a.pos[1])?;
                let mut acc = match a.pos.get(2) {
                    Some(v) => v.clone(),
                    None => match self.next_of(sim, &it)? {
                        Some(v) => v,
                        None => {
                            return err(
                                ExcClass::TypeError,
                                "reduce() of empty iterable with no initial value",
                            )
                        }
                    },
                };
                while let Some(v) = self.next_of(sim, &it)? {
                    acc = self.call_sync(sim, &f, vec![acc, v])?;
                }
                Ok(acc)
            }
            "functools.cache" => cache_of(a.pos.first().cloned().unwrap_or(Value::None), None),
            "functools.lru_cache" => {
                let maxsize = a.take_kw("maxsize");
                a.take_kw("typed");
                a.no_more_kw("lru_cache")?;
                let first = a.pos.first().cloned();
                match (first, maxsize) {
                    // `@lru_cache` without parentheses: the function itself.
                    (Some(f), None) if is_callable(&f) => cache_of(f, Some(128)),
                    (first, kw) => {
                        let size = match kw.or(first) {
                            None => Some(128),
                            Some(Value::None) => None,
                            Some(v) => Some(want_int(&v, "")?.max(0) as usize),
                        };
                        Ok(Value::Builtin(match size {
                            None => "functools.cache",
                            Some(128) => "functools.lru_cache",
                            // Other sizes are remembered by a partial.
                            Some(_) => {
                                return Ok(obj(Obj::Partial(
                                    Value::Builtin("functools._lru_sized"),
                                    vec![Value::Int(size.unwrap_or(0) as i64)],
                                    vec![],
                                )))
                            }
                        }))
                    }
                }
            }
            "functools._lru_sized" => {
                let n = a.pos.first().and_then(|v| v.as_i64()).unwrap_or(0);
                cache_of(
                    a.pos.get(1).cloned().unwrap_or(Value::None),
                    Some(n as usize),
                )
            }
            "functools.wraps" => {
                let Some(f) = a.pos.first().cloned() else {
                    return err(
                        ExcClass::TypeError,
                        "wraps() missing 1 required positional argument: 'wrapped'",
                    );
                };
                Ok(obj(Obj::Partial(
                    Value::Builtin("functools._rename"),
                    vec![f],
                    vec![],
                )))
            }
            "functools._rename" => {
                let f = a.pos.first().cloned().unwrap_or(Value::None);
                let g = a.pos.get(1).cloned().unwrap_or(Value::None);
                let name = self.get_attr(sim, &f, "__name__").unwrap_or(Value::None);
                let qual = self
                    .get_attr(sim, &f, "__qualname__")
                    .unwrap_or(Value::None);
                let doc = self.get_attr(sim, &f, "__doc__").unwrap_or(Value::None);
                let names = Some((name, qual, doc, f));
                // A cache keeps its own cache and takes the names.
                if let Value::Obj(o) = &g {
                    if let Obj::Wrapped(w) = &**o {
                        w.borrow_mut().names = names;
                        return Ok(g.clone());
                    }
                }
                Ok(obj(Obj::Wrapped(RefCell::new(Wrapped {
                    func: g,
                    kind: WrapKind::Renamed,
                    names,
                }))))
            }
            _ => err(
                ExcClass::AttributeError,
                format!("module 'functools' has no attribute '{}'", &name[10..]),
            ),
        }
    }

    /// Calls a `functools` wrapper.
    pub(crate) fn call_wrapped(
        &mut self,
        sim: &mut Sim<Value>,
        o: &Rc<Obj>,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> PyResult<CallOut> {
        // Wrappers of wrappers call one another natively: a chain of them
        // (a decorator applied in a loop) is bounded as CPython's C stack is.
        let depth = self.interp.wrap_depth.get();
        if depth >= MAX_WRAP_NESTING {
            return err(
                ExcClass::RecursionError,
                "maximum recursion depth exceeded while calling a Python object",
            );
        }
        self.interp.wrap_depth.set(depth + 1);
        let r = self.call_wrapped_now(sim, o, args, kwargs);
        self.interp.wrap_depth.set(depth);
        r
    }

    fn call_wrapped_now(
        &mut self,
        sim: &mut Sim<Value>,
        o: &Rc<Obj>,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> PyResult<CallOut> {
        let Obj::Wrapped(w) = &**o else {
            return err(ExcClass::TypeError, "not a functools wrapper");
        };
        let func = w.borrow().func.clone();
        if matches!(w.borrow().kind, WrapKind::Renamed) {
            return self.call_value(sim, func, args, kwargs);
        }
        // The key: the positional arguments, then each keyword and value.
        let mut key = args.clone();
        for (k, v) in &kwargs {
            key.push(Value::Str(k.clone()));
            key.push(v.clone());
        }
        let key = Value::new_tuple(key);
        let h = key_of(&key)?;
        {
            let mut wb = w.borrow_mut();
            if let WrapKind::Cache {
                results,
                hits,
                misses,
                ..
            } = &mut wb.kind
            {
                if let Some(v) = results.get(&h).cloned() {
                    *hits += 1;
                    // The entry becomes the most recently used.
                    if let Some((k, v2)) = results.remove(&h) {
                        results.insert(h, k, v2);
                    }
                    return Ok(CallOut::Value(v));
                }
                *misses += 1;
            }
        }
        let slot = CacheSlot {
            wrapper: o.clone(),
            hash: h,
            key,
        };
        let out = if kwargs.is_empty() {
            self.call_value(sim, func, args, Vec::new())?
        } else {
            let bound = obj(Obj::Partial(func, args, kwargs));
            self.call_value(sim, bound, vec![], vec![])?
        };
        match out {
            CallOut::Value(v) => {
                slot.store(&v, self.interp.limits.max_collection);
                Ok(CallOut::Value(v))
            }
            // A Python function's body: the result is kept when it returns.
            CallOut::Frame(mut frame) => {
                frame.cache_into.push(slot);
                Ok(CallOut::Frame(frame))
            }
            // Anything that must run first (a blocking call) is not kept.
            other => Ok(other),
        }
    }
}

/// `Counter + Counter`, `-`, `&` and `|`: the sums, differences, minimums
/// or maximums, keeping only positive counts, in the left one's order and
/// then the right one's new keys; `None` for other pairs.
pub fn counter_binary(op: BinOp, a: &Value, b: &Value) -> Option<PyResult> {
    let (Value::Dict(x), Value::Dict(y)) = (a, b) else {
        return None;
    };
    let (x, y) = (x.borrow(), y.borrow());
    if !matches!(x.kind, DictKind::Counter) || !matches!(y.kind, DictKind::Counter) {
        return None;
    }
    if !matches!(op, BinOp::Add | BinOp::Sub | BinOp::BitAnd | BinOp::BitOr) {
        return None;
    }
    let mut out = new_dict(DictKind::Counter);
    let mut keys: Vec<Value> = x.keys();
    keys.extend(
        y.keys()
            .into_iter()
            .filter(|k| k.hash_key().map(|h| x.get(&h).is_none()).unwrap_or(false)),
    );
    crate::runtime::builtins::add_work(keys.len());
    for k in keys {
        let h = k.hash_key()?;
        let p = x.get(&h).cloned().unwrap_or(Value::Int(0));
        let q = y.get(&h).cloned().unwrap_or(Value::Int(0));
        let r = match op {
            BinOp::BitAnd | BinOp::BitOr => {
                let less = match ops::compare_order(&p, &q, "<") {
                    Ok(o) => o == std::cmp::Ordering::Less,
                    Err(e) => return Some(Err(e)),
                };
                if less == (op == BinOp::BitAnd) {
                    p
                } else {
                    q
                }
            }
            _ => match ops::binary(op, &p, &q, 0) {
                Ok(r) => r,
                Err(e) => return Some(Err(e)),
            },
        };
        if ops::compare_order(&r, &Value::Int(0), ">").ok()? == std::cmp::Ordering::Greater {
            out.insert(h, k, r);
        }
    }
    Some(Ok(Value::Dict(Rc::new(RefCell::new(out)))))
}

/// `+counter` (the positive counts) and `-counter` (the negative ones,
/// negated): an empty counter plus or minus it; `None` for other values.
pub fn counter_unary(op: BinOp, v: &Value) -> Option<PyResult> {
    match v {
        Value::Dict(d) if matches!(d.borrow().kind, DictKind::Counter) => {
            let empty = Value::Dict(Rc::new(RefCell::new(new_dict(DictKind::Counter))));
            counter_binary(op, &empty, v)
        }
        _ => None,
    }
}

fn is_callable(v: &Value) -> bool {
    matches!(
        v,
        Value::Func(_)
            | Value::Builtin(_)
            | Value::Method(_)
            | Value::Type(_)
            | Value::ExcType(_)
            | Value::Obj(_)
    )
}

/// `_lru_cache_wrapper(f, maxsize)`, which refuses what cannot be called
/// (an instance counts as callable here: its class may define `__call__`).
fn cache_of(f: Value, maxsize: Option<usize>) -> PyResult {
    if !is_callable(&f) && !matches!(f, Value::Class(_) | Value::Instance(_)) {
        return err(ExcClass::TypeError, "the first argument must be callable");
    }
    Ok(obj(Obj::Wrapped(RefCell::new(Wrapped {
        func: f,
        kind: WrapKind::Cache {
            results: Dict::new(),
            maxsize,
            hits: 0,
            misses: 0,
        },
        names: None,
    }))))
}

/// Attributes of `deque`s and `functools` wrappers; `None` for a method name.
pub fn obj_attr(o: &Obj, name: &str) -> Option<PyResult> {
    match (o, name) {
        (Obj::Deque(d), "maxlen") => Some(Ok(d
            .borrow()
            .maxlen
            .map(|m| Value::Int(m as i64))
            .unwrap_or(Value::None))),
        (Obj::Wrapped(w), "__name__" | "__qualname__" | "__doc__" | "__wrapped__") => {
            let w = w.borrow();
            match &w.names {
                Some((n, q, d, f)) => Some(Ok(match name {
                    "__name__" => n.clone(),
                    "__qualname__" => q.clone(),
                    "__doc__" => d.clone(),
                    _ => f.clone(),
                })),
                None if name == "__wrapped__" => Some(Ok(w.func.clone())),
                None => match &w.func {
                    Value::Func(f) => Some(Ok(match name {
                        "__name__" => Value::Str(f.code.name.clone()),
                        "__qualname__" => Value::Str(f.code.qualname.clone()),
                        _ => Value::None,
                    })),
                    _ => None,
                },
            }
        }
        _ => None,
    }
}

/// Whether `name` is a method of a `functools` wrapper: `cache_info` and
/// `cache_clear` of a cached function.
pub fn has_method(o: &Obj, name: &str) -> bool {
    matches!(o, Obj::Wrapped(w) if matches!(w.borrow().kind, WrapKind::Cache { .. }))
        && matches!(name, "cache_info" | "cache_clear")
}

/// `f.cache_info()` and `f.cache_clear()` of a cached function.
pub fn wrapped_method(w: &RefCell<Wrapped>, name: &str) -> PyResult {
    let mut w = w.borrow_mut();
    let WrapKind::Cache {
        results,
        maxsize,
        hits,
        misses,
    } = &mut w.kind
    else {
        return err(
            ExcClass::AttributeError,
            format!("'function' object has no attribute '{name}'"),
        );
    };
    match name {
        "cache_info" => Ok(crate::runtime::library::namedtuple::cache_info(
            *hits,
            *misses,
            maxsize.map(|m| Value::Int(m as i64)).unwrap_or(Value::None),
            results.len() as i64,
        )),
        "cache_clear" => {
            results.clear();
            *hits = 0;
            *misses = 0;
            Ok(Value::None)
        }
        _ => err(
            ExcClass::AttributeError,
            format!("'functools._lru_cache_wrapper' object has no attribute '{name}'"),
        ),
    }
}
