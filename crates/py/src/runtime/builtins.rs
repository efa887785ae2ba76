//! Built-in functions and types (`print`, `len`, `range`, `sorted`, `int`…),
//! iteration helpers, and `import`.

use std::cell::RefCell;
use std::rc::Rc;

use loopscope_sim::Sim;
use num_bigint::BigInt;
use num_traits::{Signed, Zero};

use crate::front::names::{self, ExcClass};
use crate::runtime::exc::Exc;
use crate::runtime::objects::IterObj;
use crate::runtime::ops::{self, err, PyResult};
use crate::runtime::pyfmt;
use crate::runtime::value::{range_len, Dict, Value};
use crate::runtime::vm::{CallOut, Runner};

/// The value of a built-in name, if there is one.
pub fn builtin_value(name: &str) -> Option<Value> {
    if let Some(b) = names::BUILTINS.iter().find(|b| **b == name) {
        return Some(Value::Builtin(b));
    }
    if let Some(t) = names::TYPES.iter().find(|b| **b == name) {
        return Some(Value::Type(t));
    }
    if let Some(c) = ExcClass::by_name(name).filter(|c| c.is_global()) {
        return Some(Value::ExcType(c));
    }
    match name {
        "__name__" => Some(Value::str("__main__")),
        "NotImplemented" => Some(Value::Builtin("NotImplemented")),
        "None" => Some(Value::None),
        _ => None,
    }
}

/// `import name`.
pub fn import(name: &str) -> PyResult {
    match names::MODULES.iter().find(|m| **m == name) {
        Some(m) => Ok(Value::Module(m)),
        None => err(
            ExcClass::RuntimeError,
            format!(
                "No module named '{name}' (only {} are supported)",
                names::MODULES.join(", ")
            ),
        ),
    }
}

/// Makes a set from values.
pub fn make_set(items: Vec<Value>) -> PyResult {
    let mut d = Dict::new();
    for v in items {
        match v.hash_key() {
            Some(h) => {
                d.insert(h, v, Value::None);
                check_growth(d.len())?;
            }
            None => {
                return err(
                    ExcClass::TypeError,
                    format!("unhashable type: '{}'", v.type_name()),
                )
            }
        }
    }
    Ok(Value::Set(Rc::new(RefCell::new(d))))
}

fn str_chars(s: &str) -> Vec<Value> {
    let mut out = Vec::with_capacity(s.len());
    let mut buf = [0u8; 4];
    for c in s.chars() {
        out.push(Value::str(c.encode_utf8(&mut buf)));
    }
    out
}

/// `iter(v)`.
pub fn get_iter(v: &Value) -> PyResult {
    let it = match v {
        Value::Range(r) => IterObj::Range {
            next: r.0,
            left: range_len(r.0, r.1, r.2),
            step: r.2,
        },
        Value::List(l) => IterObj::List(l.clone(), 0),
        Value::Tuple(t) => IterObj::Items(t.clone(), 0),
        Value::Str(s) => IterObj::Items(Rc::new(crate::runtime::value::Tuple(str_chars(s))), 0),
        Value::Dict(d) => {
            IterObj::Items(Rc::new(crate::runtime::value::Tuple(d.borrow().keys())), 0)
        }
        Value::Set(d) => IterObj::Items(
            Rc::new(crate::runtime::value::Tuple(d.borrow().set_order())),
            0,
        ),
        Value::Obj(o) if o.view_items().is_some() => IterObj::Items(
            Rc::new(crate::runtime::value::Tuple(
                o.view_items().unwrap_or_default(),
            )),
            0,
        ),
        Value::Iter(_) => return Ok(v.clone()),
        Value::Gen(g) if !g.is_async => return Ok(v.clone()),
        Value::Obj(o) if matches!(&**o, crate::runtime::objects::Obj::AsCompleted(_)) => {
            return Ok(v.clone())
        }
        _ => {
            return err(
                ExcClass::TypeError,
                format!("'{}' object is not iterable", v.type_name()),
            )
        }
    };
    Ok(Value::Iter(Rc::new(RefCell::new(it))))
}

/// Advances an iterator.
pub fn iter_next(it: &mut IterObj) -> Option<Value> {
    match it {
        IterObj::Range { next, left, step } => {
            if *left > 0 {
                let v = *next;
                *next = next.wrapping_add(*step);
                *left -= 1;
                Some(Value::Int(v))
            } else {
                None
            }
        }
        IterObj::List(l, i) => {
            let v = l.borrow().get(*i).cloned();
            *i += 1;
            v
        }
        IterObj::Items(v, i) => {
            let x = v.get(*i).cloned();
            *i += 1;
            x
        }
        IterObj::Coros(q) => q.pop_front(),
        // Lazy iterators are stepped by `itertools::free_next` or the
        // interpreter, which report their errors; every caller of this
        // function takes them there first.
        IterObj::Lazy(_) => None,
        // These run generators: the interpreter advances them
        // (`Runner::next_item`), never this function.
        IterObj::Enumerate(..) | IterObj::Zip(_) => None,
    }
}

thread_local! {
    /// Items built-ins have gone through since the interpreter last looked
    /// (see `Interp::fold_work`): a loop inside one built-in call is work the
    /// operations limit must see, or `while True: sorted(big)` would run for
    /// hours on a budget of operations.  It is per thread because built-ins
    /// are free functions without the interpreter at hand; one run uses one
    /// thread, and the interpreter empties it after every call.
    static WORK: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// A memory gauge and the limit it is held to, in bytes.
type GaugeAndLimit = (fn() -> usize, usize);

thread_local! {
    /// The run's memory gauge and limit, for built-ins that build big
    /// collections item by item (`set(range(n))`, `dict.fromkeys(...)`):
    /// between two operations of the interpreter, which reads the gauge
    /// itself, one such call can otherwise allocate gigabytes.
    static GAUGE: std::cell::Cell<Option<GaugeAndLimit>> = const { std::cell::Cell::new(None) };
    /// Memory in use when a built-in found the limit passed, until the
    /// interpreter turns it into the memory limit (see `Interp::fold_work`).
    static OVER: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
    /// Work counted since the gauge was last read: a collection of few but
    /// huge items (tuples of ten million) is read by what it cost, not
    /// only every 4096 items.
    static SINCE_GAUGE: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Work after which a growing collection reads the gauge, whatever its length.
const GAUGE_EVERY_WORK: u64 = 1 << 20;

/// Installs the memory gauge and limit of the run about to start (`None`:
/// unchecked), and forgets what an earlier run found.
pub fn set_memory_gauge(gauge: Option<crate::runtime::limits::MemoryGauge>, limit: usize) {
    GAUGE.with(|g| g.set(gauge.map(|crate::runtime::limits::MemoryGauge(f)| (f, limit))));
    OVER.with(|o| o.set(None));
}

/// Called by a built-in with the number of items its collection holds so
/// far: every 4096 items, or million units of work, it reads the gauge, and
/// past the limit it fails with an error that the interpreter, once the call
/// returns, turns into the memory limit (no `except` clause sees it).
pub fn check_growth(items: usize) -> PyResult<()> {
    if items & 4095 != 0 && SINCE_GAUGE.with(|s| s.get()) < GAUGE_EVERY_WORK {
        return Ok(());
    }
    SINCE_GAUGE.with(|s| s.set(0));
    let Some((gauge, limit)) = GAUGE.with(|g| g.get()) else {
        return Ok(());
    };
    let used = gauge();
    if used > limit {
        OVER.with(|o| o.set(Some(used)));
        return err(ExcClass::MemoryError, "");
    }
    Ok(())
}

/// Memory in use when a built-in passed the memory limit, once.
pub fn take_memory_over() -> Option<usize> {
    OVER.with(|o| o.take())
}

/// Counts `items` of work done inside a built-in.
pub fn add_work(items: usize) {
    WORK.with(|w| w.set(w.get().saturating_add(items as u64)));
    SINCE_GAUGE.with(|s| s.set(s.get().saturating_add(items as u64)));
}

/// Takes the work counted since the last call.
pub fn take_work() -> u64 {
    WORK.with(|w| w.replace(0))
}

/// Collects an iterable into a vector (consuming iterators).
/// Items a built-in may take out of a range at once (`sorted(range(n))`,
/// `set(range(n))`): the default collection limit, so that no built-in
/// builds what the program could not build itself.
pub const MAX_MATERIALISED: usize = 10_000_000;

pub fn iterate_simple(v: &Value) -> PyResult<Vec<Value>> {
    let items = iterate_items(v)?;
    add_work(items.len());
    Ok(items)
}

fn iterate_items(v: &Value) -> PyResult<Vec<Value>> {
    match v {
        Value::List(l) => Ok(l.borrow().clone()),
        Value::Tuple(t) => Ok((**t).clone()),
        Value::Range(r) => {
            let n = range_len(r.0, r.1, r.2);
            if n > MAX_MATERIALISED as i64 {
                return err(ExcClass::MemoryError, "range too large to materialise");
            }
            Ok((0..n).map(|k| Value::Int(r.0 + k * r.2)).collect())
        }
        Value::Iter(it) => {
            let mut out = Vec::new();
            if matches!(&*it.borrow(), IterObj::Lazy(_)) {
                while let Some(x) = crate::runtime::library::itertools::free_next(v)? {
                    if out.len() >= MAX_MATERIALISED {
                        return err(ExcClass::MemoryError, "iterator too long to materialise");
                    }
                    out.push(x);
                }
                return Ok(out);
            }
            let mut it = it.borrow_mut();
            while let Some(x) = iter_next(&mut it) {
                out.push(x);
            }
            Ok(out)
        }
        // Generators run Python code: the interpreter drains them
        // (`Runner::drain`) before a built-in sees them.
        Value::Gen(_) => err(
            ExcClass::TypeError,
            format!("'{}' object cannot be consumed here", v.type_name()),
        ),
        other => {
            let it = get_iter(other)?;
            iterate_items(&it)
        }
    }
}

fn new_iter(items: Vec<Value>) -> Value {
    Value::Iter(Rc::new(RefCell::new(IterObj::Items(
        Rc::new(crate::runtime::value::Tuple(items)),
        0,
    ))))
}

/// Arguments of a built-in call, with keyword lookup.
pub struct Args {
    /// Positional arguments.
    pub pos: Vec<Value>,
    /// Keyword arguments.
    pub kw: Vec<(Rc<str>, Value)>,
}

impl Args {
    /// Takes a keyword argument out.
    pub fn take_kw(&mut self, name: &str) -> Option<Value> {
        let i = self.kw.iter().position(|(k, _)| &**k == name)?;
        Some(self.kw.remove(i).1)
    }

    /// Positional `i`, or keyword `name`.
    pub fn get(&mut self, i: usize, name: &str) -> Option<Value> {
        if i < self.pos.len() {
            Some(self.pos[i].clone())
        } else {
            self.take_kw(name)
        }
    }

    /// Fails if any keyword is left unused.
    pub fn no_more_kw(&self, func: &str) -> PyResult<()> {
        match self.kw.first() {
            Some((k, _)) => err(
                ExcClass::TypeError,
                format!("{func}() got an unexpected keyword argument '{k}'"),
            ),
            None => Ok(()),
        }
    }

    /// Checks the number of positional arguments.
    pub fn arity(&self, func: &str, min: usize, max: usize) -> PyResult<()> {
        let n = self.pos.len();
        if n < min || n > max {
            if min == max {
                let s = if min == 1 { "" } else { "s" };
                return err(
                    ExcClass::TypeError,
                    format!("{func}() takes exactly {min} argument{s} ({n} given)"),
                );
            }
            if n < min {
                let s = if min == 1 { "" } else { "s" };
                return err(
                    ExcClass::TypeError,
                    format!("{func} expected at least {min} argument{s}, got {n}"),
                );
            }
            let s = if max == 1 { "" } else { "s" };
            return err(
                ExcClass::TypeError,
                format!("{func} expected at most {max} argument{s}, got {n}"),
            );
        }
        Ok(())
    }
}

/// CPython's `TypeError` for missing arguments: `f() missing 2 required
/// positional arguments: 'a' and 'b'` (`missing` holds the quoted names).
pub(crate) fn missing_positional<T>(fname: &str, missing: &[String]) -> PyResult<T> {
    let n = missing.len();
    let list = match n {
        0 | 1 => missing.concat(),
        2 => format!("{} and {}", missing[0], missing[1]),
        _ => format!("{}, and {}", missing[..n - 1].join(", "), missing[n - 1]),
    };
    err(
        ExcClass::TypeError,
        format!(
            "{fname}() missing {n} required positional argument{}: {list}",
            if n == 1 { "" } else { "s" }
        ),
    )
}

/// An int argument, or a `TypeError`.
pub fn want_int(v: &Value, what: &str) -> PyResult<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        Value::Big(_) => err(
            ExcClass::OverflowError,
            "Python int too large to convert to C ssize_t",
        ),
        _ => err(
            ExcClass::TypeError,
            format!(
                "'{}' object cannot be interpreted as an integer{what}",
                v.type_name()
            ),
        ),
    }
}

/// `dict.fromkeys(iterable, value=None)`: every key maps to the same value
/// (in a dict of `kind`: `OrderedDict.fromkeys`, `defaultdict.fromkeys`).
pub(crate) fn dict_fromkeys(
    a: Args,
    kind: crate::runtime::library::collections::DictKind,
) -> PyResult {
    a.arity("fromkeys", 1, 2)?;
    if !a.kw.is_empty() {
        return err(
            ExcClass::TypeError,
            format!("{}.fromkeys() takes no keyword arguments", kind.name()),
        );
    }
    let fill = a.pos.get(1).cloned().unwrap_or(Value::None);
    let mut d = crate::runtime::library::collections::new_dict(kind);
    for k in iterate_simple(&a.pos[0])? {
        let Some(h) = k.hash_key() else {
            return err(
                ExcClass::TypeError,
                format!("unhashable type: '{}'", k.type_name()),
            );
        };
        d.insert(h, k, fill.clone());
        check_growth(d.len())?;
    }
    Ok(Value::Dict(Rc::new(std::cell::RefCell::new(d))))
}

/// A number argument as a float, or a `TypeError`.
pub fn want_f64(v: &Value, func: &str) -> PyResult<f64> {
    crate::runtime::num::float_of(v)?.ok_or_else(|| {
        Exc::value(
            ExcClass::TypeError,
            format!("{func}: must be real number, not {}", v.type_name()),
        )
    })
}

fn value(v: Value) -> PyResult<CallOut> {
    Ok(CallOut::Value(v))
}

/// How many digits `int(s, base)` would read when that is more than CPython
/// reads from text (`value::INT_MAX_STR_DIGITS`); bases that are powers of
/// two have no limit, as in CPython.
pub fn digits_past_limit(s: &str, base: u32) -> Option<usize> {
    let t = s.trim();
    let t = t.strip_prefix(['-', '+']).unwrap_or(t);
    let prefixed = ["0x", "0o", "0b", "0X", "0O", "0B"]
        .iter()
        .any(|p| t.starts_with(p));
    if base.is_power_of_two() || (base == 0 && prefixed) {
        return None;
    }
    let n = t.chars().filter(|c| *c != '_').count();
    (n > crate::runtime::value::INT_MAX_STR_DIGITS).then_some(n)
}

pub use crate::front::int_text::too_long_to_read as int_too_long_to_read;

/// Parses `int(s)` text the way Python does (underscores, sign, whitespace).
pub fn parse_int(s: &str, base: u32) -> Option<BigInt> {
    let t = s.trim();
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let mut base = base;
    let mut body = t.to_ascii_lowercase();
    for (p, b) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if (base == b || base == 0) && body.starts_with(p) {
            body = body[2..].to_string();
            base = b;
        }
    }
    if base == 0 {
        base = 10;
    }
    if body.is_empty() || body.starts_with('_') || body.ends_with('_') || body.contains("__") {
        return None;
    }
    // The parser panics outside bases 2 to 36; callers check the base, and
    // this keeps a wrong one an error, never a crash.
    if !(2..=36).contains(&base) {
        return None;
    }
    let digits: String = body.chars().filter(|c| *c != '_').collect();
    let v = BigInt::parse_bytes(digits.as_bytes(), base)?;
    Some(if neg { -v } else { v })
}

impl Runner {
    /// Writes `text` to stderr or stdout: the model records it, and stdout
    /// also keeps it with its virtual time for the run's output.
    pub(crate) fn write_stream(
        &self,
        sim: &mut Sim<Value>,
        to_stderr: bool,
        text: String,
    ) -> PyResult<()> {
        // Every byte written counts: the output is kept for the reader, so a
        // loop that prints forever would otherwise fill memory.
        let written = self.interp.written.get() + text.len();
        self.interp.written.set(written);
        if written > self.interp.limits.max_output {
            return Err(self.interp.stop_at(crate::runtime::limits::Limit::Output {
                limit: self.interp.limits.max_output,
            }));
        }
        if to_stderr {
            sim.eprint(&text);
        } else {
            sim.print(&text);
            self.interp.stdout.borrow_mut().push((sim.now(), text));
        }
        Ok(())
    }

    /// Bytes the program may still write before the output limit stops it.
    pub(crate) fn output_room(&self) -> usize {
        self.interp
            .limits
            .max_output
            .saturating_sub(self.interp.written.get())
    }

    /// A line made to be written, or the output limit when it was too long
    /// to make (its size, past [`Runner::output_room`]).
    pub(crate) fn within_output(&self, line: Result<String, usize>) -> PyResult<String> {
        line.map_err(|_| {
            self.interp.stop_at(crate::runtime::limits::Limit::Output {
                limit: self.interp.limits.max_output,
            })
        })
    }

    /// Calls a built-in function by qualified name.
    pub fn call_builtin(
        &mut self,
        sim: &mut Sim<Value>,
        name: &'static str,
        pos: Vec<Value>,
        kw: Vec<(Rc<str>, Value)>,
    ) -> PyResult<CallOut> {
        let mut a = Args { pos, kw };
        if let Some(Value::Instance(_) | Value::Class(_)) = a.pos.first() {
            if let Some(r) = self.instance_builtin(sim, name, &mut a) {
                return r;
            }
        }
        // A byte scan: `split_once('.')`'s general searcher costs more than
        // the whole of a short name, on every call of a built-in.
        if let Some(dot) = name.bytes().position(|b| b == b'.') {
            return match &name[..dot] {
                "dataclasses" | "enum" => self.class_library(sim, name, a),
                "math" => crate::runtime::library::mathmod::call(name, &mut a).map(CallOut::Value),
                "random" => self.call_random(name, &mut a),
                "functools" if name == "functools.partial" => self.call_functools(name, a),
                "functools"
                    if matches!(
                        name,
                        "functools.cached_property"
                            | "functools._cached_get"
                            | "functools.total_ordering"
                            | "functools._ordering"
                    ) =>
                {
                    self.call_classtools(sim, name, a).map(CallOut::Value)
                }
                "functools" => self.call_functools_more(sim, name, a).map(CallOut::Value),
                "collections" if name == "collections.namedtuple" => {
                    crate::runtime::library::namedtuple::make_class(a).map(CallOut::Value)
                }
                "collections" => self.call_collections(sim, name, a).map(CallOut::Value),
                "contextlib" => self.call_contextlib(name, a),
                "logging" => self.call_logging(sim, name, a),
                "traceback" => self.call_traceback(sim, name, a),
                "dict" => dict_fromkeys(a, crate::runtime::library::collections::DictKind::Plain)
                    .map(CallOut::Value),
                "match" => self.call_matching(sim, name, a).map(CallOut::Value),
                "itertools" => {
                    crate::runtime::library::itertools::call(name, a).map(CallOut::Value)
                }
                "datetime" => self.call_datetime(sim, name, a).map(CallOut::Value),
                "operator" => self.call_operator(sim, name, a),
                "copy" => self.call_copy(sim, name, a).map(CallOut::Value),
                "contextvars" => self.call_contextvars(name, a).map(CallOut::Value),
                "types" => crate::runtime::gen_await::types_coroutine(a.pos.into_iter().next())
                    .map(CallOut::Value),
                "statistics" => self.call_statistics(sim, name, a).map(CallOut::Value),
                "heapq" | "bisect" => self.call_heapq(sim, name, a).map(CallOut::Value),
                "json" => {
                    let mut call = |f: &Value, args: Vec<Value>| self.call_sync(sim, f, args);
                    let out = if name == "json.dumps" {
                        crate::runtime::library::json::dumps(a, &mut call)
                    } else {
                        crate::runtime::library::json::loads(a, &mut call)
                    };
                    out.map(CallOut::Value)
                }
                "time" if crate::runtime::library::datetime::TIME_NAMES.contains(&name) => {
                    self.call_datetime(sim, name, a).map(CallOut::Value)
                }
                "str" => {
                    // An unbound method (`str.lower`): the first argument is the receiver.
                    let method = &name[4..];
                    match a.pos.first() {
                        Some(Value::Str(_)) => {
                            let recv = a.pos.remove(0);
                            self.call_method(sim, recv, method, a.pos, a.kw)
                        }
                        Some(other) => err(
                            ExcClass::TypeError,
                            format!(
                                "descriptor '{method}' for 'str' objects doesn't apply to a '{}' object",
                                other.type_name()
                            ),
                        ),
                        None => err(
                            ExcClass::TypeError,
                            format!("unbound method str.{method}() needs an argument"),
                        ),
                    }
                }
                _ => self.call_library(sim, name, a),
            };
        }
        if name == "next" && a.pos.len() == 1 {
            // `next(g)` resumes the generator on this stack, like a `for` loop.
            if let Some(Value::Gen(g)) = a.pos.first() {
                let g = g.clone();
                if let Some(out) = self.gen_method(sim, &g, "__next__", Vec::new())? {
                    return Ok(out);
                }
            }
        }
        if let Some(v) = self.gen_builtin(sim, name, &mut a)? {
            return value(v);
        }
        match name {
            "print" => {
                let sep: std::borrow::Cow<str> = match a.take_kw("sep") {
                    Some(Value::None) | None => " ".into(),
                    Some(Value::Str(s)) => s.to_string().into(),
                    Some(v) => {
                        return err(
                            ExcClass::TypeError,
                            format!("sep must be None or a string, not {}", v.type_name()),
                        )
                    }
                };
                let end: std::borrow::Cow<str> = match a.take_kw("end") {
                    Some(Value::None) | None => "\n".into(),
                    Some(Value::Str(s)) => s.to_string().into(),
                    Some(v) => {
                        return err(
                            ExcClass::TypeError,
                            format!("end must be None or a string, not {}", v.type_name()),
                        )
                    }
                };
                a.take_kw("flush");
                let file = a.take_kw("file");
                a.no_more_kw("print")?;
                let mut text = String::with_capacity(32);
                for (i, v) in a.pos.iter().enumerate() {
                    if i > 0 {
                        text.push_str(&sep);
                    }
                    match v {
                        Value::Str(s) => text.push_str(s),
                        Value::Instance(_)
                        | Value::List(_)
                        | Value::Tuple(_)
                        | Value::Dict(_)
                        | Value::Exc(_)
                        | Value::Set(_) => text.push_str(&self.py_str(sim, v)?),
                        // A `typing.NamedTuple` body may define `__str__` or `__repr__`.
                        Value::Obj(o) if matches!(&**o, crate::runtime::objects::Obj::Named(c, _) if !c.methods.is_empty()) => {
                            text.push_str(&self.py_str(sim, v)?)
                        }
                        _ => text.push_str(&self.to_str(sim, v)),
                    }
                }
                text.push_str(&end);
                let to_stderr = matches!(&file, Some(Value::Builtin("sys.stderr")));
                self.write_stream(sim, to_stderr, text)?;
                value(Value::None)
            }
            "len" => builtin_len(a),
            "range" => builtin_range(a),
            "enumerate" => value(crate::runtime::library::itertools::enumerate(a)?),
            "zip" => value(crate::runtime::library::itertools::zip(a)?),
            "sum" => {
                let start = a.get(1, "start").unwrap_or(Value::Int(0));
                if matches!(start, Value::Instance(_))
                    || matches!(a.pos.first(), Some(Value::List(l)) if l.borrow().iter().any(|v| matches!(v, Value::Instance(_))))
                {
                    // Items with a user `__add__` (or `__radd__`) add through it.
                    let items = self.iterate(sim, a.pos.first().unwrap_or(&Value::None))?;
                    let mut acc = start;
                    for v in items {
                        acc = match ops::binary(
                            crate::compile::code::BinOp::Add,
                            &acc,
                            &v,
                            self.interp.limits.max_collection,
                        ) {
                            Ok(x) => x,
                            Err(e) => self.binary_user(
                                sim,
                                crate::compile::code::BinOp::Add,
                                &acc,
                                &v,
                                e,
                            )?,
                        };
                    }
                    return value(acc);
                }
                // A range of ints sums in closed form: `sum(range(10**9))`
                // needs no billion-item list.
                if let (Some(Value::Range(r)), Some(s0)) = (a.pos.first(), start.as_bigint()) {
                    if !matches!(start, Value::Bool(_)) || s0 == BigInt::from(0) {
                        let n = BigInt::from(range_len(r.0, r.1, r.2));
                        let first = BigInt::from(r.0);
                        let last = &first + (&n - 1) * BigInt::from(r.2);
                        let total = if n == BigInt::from(0) {
                            BigInt::from(0)
                        } else {
                            &n * (&first + &last) / 2
                        };
                        return value(Value::from_big(s0 + total));
                    }
                }
                let items = self.iterate(sim, a.pos.first().unwrap_or(&Value::None))?;
                value(sum_values(start, items, self.interp.limits.max_collection)?)
            }
            "min" | "max" => {
                let key = a.take_kw("key").filter(|k| !matches!(k, Value::None));
                let default = a.take_kw("default");
                a.no_more_kw(name)?;
                let items = if a.pos.len() == 1 {
                    self.iterate(sim, &a.pos[0].clone())?
                } else {
                    a.pos.clone()
                };
                if a.pos.is_empty() {
                    return err(
                        ExcClass::TypeError,
                        format!("{name} expected at least 1 argument, got 0"),
                    );
                }
                if items.is_empty() {
                    return match default {
                        Some(d) => value(d),
                        None => err(
                            ExcClass::ValueError,
                            format!("{name}() iterable argument is empty"),
                        ),
                    };
                }
                let mut best = items[0].clone();
                let mut best_key = match &key {
                    Some(k) => self.call_sync(sim, k, vec![best.clone()])?,
                    None => best.clone(),
                };
                for v in items.into_iter().skip(1) {
                    let k = match &key {
                        Some(kf) => self.call_sync(sim, kf, vec![v.clone()])?,
                        None => v.clone(),
                    };
                    let better = if matches!(k, Value::Instance(_)) {
                        let op = if name == "min" {
                            crate::compile::code::CmpOp::Lt
                        } else {
                            crate::compile::code::CmpOp::Gt
                        };
                        self.compare_user(sim, op, &k, &best_key)?.truthy()
                    } else {
                        let ord = ops::compare_order(
                            &k,
                            &best_key,
                            if name == "min" { "<" } else { ">" },
                        )?;
                        if name == "min" {
                            ord == std::cmp::Ordering::Less
                        } else {
                            ord == std::cmp::Ordering::Greater
                        }
                    };
                    if better {
                        best = v;
                        best_key = k;
                    }
                }
                value(best)
            }
            "sorted" => {
                let key = a.take_kw("key").filter(|k| !matches!(k, Value::None));
                let reverse = a.take_kw("reverse").map(|v| v.truthy()).unwrap_or(false);
                a.no_more_kw("sorted")?;
                let items = self.iterate(sim, a.pos.first().unwrap_or(&Value::None))?;
                let sorted = self.sort_values(sim, items, key, reverse)?;
                value(Value::new_list(sorted))
            }
            "abs" => match a.pos.first() {
                Some(v @ Value::Obj(_))
                    if matches!(
                        crate::runtime::library::datetime::as_dt(v),
                        Some(crate::runtime::library::datetime::Dt::Delta(_))
                    ) =>
                {
                    match crate::runtime::library::datetime::as_dt(v) {
                        Some(crate::runtime::library::datetime::Dt::Delta(us)) if us < 0 => {
                            value(ops::neg(v)?)
                        }
                        _ => value(v.clone()),
                    }
                }
                Some(Value::Int(i)) => value(
                    i.checked_abs()
                        .map(Value::Int)
                        .unwrap_or_else(|| Value::from_big(BigInt::from(*i).abs())),
                ),
                Some(Value::Big(b)) => value(Value::from_big(b.abs())),
                Some(Value::Float(f)) => value(Value::Float(f.abs())),
                Some(Value::Bool(b)) => value(Value::Int(*b as i64)),
                Some(v) => err(
                    ExcClass::TypeError,
                    format!("bad operand type for abs(): '{}'", v.type_name()),
                ),
                None => err(
                    ExcClass::TypeError,
                    "abs() takes exactly one argument (0 given)",
                ),
            },
            "round" => builtin_round(a),
            "isinstance" => {
                a.arity("isinstance", 2, 2)?;
                value(Value::Bool(isinstance(&a.pos[0], &a.pos[1])?))
            }
            "repr" => {
                a.arity("repr", 1, 1)?;
                value(Value::str(&self.py_repr(sim, &a.pos[0].clone())?))
            }
            "any" | "all" => {
                let items = self.iterate(sim, a.pos.first().unwrap_or(&Value::None))?;
                let r = if name == "any" {
                    items.iter().any(|v| v.truthy())
                } else {
                    items.iter().all(|v| v.truthy())
                };
                value(Value::Bool(r))
            }
            "reversed" => builtin_reversed(a),
            "map" => value(crate::runtime::library::itertools::map(a)?),
            "filter" => value(crate::runtime::library::itertools::filter(a)?),
            "divmod" => builtin_divmod(a),
            "pow" => builtin_pow(a),
            "chr" => builtin_chr(a),
            "ord" => match a.pos.first() {
                Some(Value::Str(s)) if s.chars().count() == 1 => {
                    value(Value::Int(s.chars().next().map(|c| c as i64).unwrap_or(0)))
                }
                Some(Value::Str(s)) => err(
                    ExcClass::TypeError,
                    format!(
                        "ord() expected a character, but string of length {} found",
                        s.chars().count()
                    ),
                ),
                Some(v) => err(
                    ExcClass::TypeError,
                    format!(
                        "ord() expected string of length 1, but {} found",
                        v.type_name()
                    ),
                ),
                None => err(
                    ExcClass::TypeError,
                    "ord() takes exactly one argument (0 given)",
                ),
            },
            "format" => {
                let v = a.pos.first().cloned().unwrap_or(Value::None);
                let spec = match a.pos.get(1) {
                    Some(Value::Str(s)) => s.to_string(),
                    _ => String::new(),
                };
                value(Value::str(&self.format(sim, &v, &spec)?))
            }
            "hex" | "bin" | "oct" => {
                let v = a.pos.first().and_then(|v| v.as_bigint());
                let Some(v) = v else {
                    return err(ExcClass::TypeError, "an integer is required");
                };
                let (radix, prefix) = match name {
                    "hex" => (16, "0x"),
                    "bin" => (2, "0b"),
                    _ => (8, "0o"),
                };
                let sign = if v.is_negative() { "-" } else { "" };
                value(Value::str(&format!(
                    "{sign}{prefix}{}",
                    v.abs().to_str_radix(radix)
                )))
            }
            "callable" => value(Value::Bool(match a.pos.first() {
                Some(
                    Value::Func(_)
                    | Value::Builtin(_)
                    | Value::Method(_)
                    | Value::Type(_)
                    | Value::ExcType(_)
                    | Value::Class(_),
                ) => true,
                Some(v @ Value::Instance(_)) => {
                    crate::runtime::instances::dunder(v, "__call__").is_some()
                }
                _ => false,
            })),
            "iter" => value(get_iter(a.pos.first().unwrap_or(&Value::None))?),
            "aiter" => {
                a.arity("aiter", 1, 1)?;
                let x = a.pos.remove(0);
                if !matches!(&x, Value::Gen(g) if g.is_async)
                    && crate::runtime::instances::dunder(&x, "__aiter__").is_none()
                {
                    return err(
                        ExcClass::TypeError,
                        format!("'{}' object is not an async iterable", x.type_name()),
                    );
                }
                self.call_method(sim, x, "__aiter__", Vec::new(), Vec::new())
            }
            "anext" => {
                a.arity("anext", 1, 2)?;
                let x = a.pos.remove(0);
                match (&x, a.pos.pop()) {
                    // `anext(agen, default)`: exhaustion gives the default.
                    (Value::Gen(g), Some(default)) if g.is_async => {
                        self.agen_firstiter(sim, g);
                        let step = crate::runtime::generators::AgenStep {
                            gen: g.clone(),
                            action: crate::runtime::generators::GenAction::NextOr(default),
                            mode: crate::runtime::objects::Resume::Call,
                        };
                        value(crate::runtime::generators::agen_step_value(&self.interp, step))
                    }
                    (Value::Gen(g), None) if g.is_async => {
                        self.call_method(sim, x.clone(), "__anext__", Vec::new(), Vec::new())
                    }
                    (_, None) if crate::runtime::instances::dunder(&x, "__anext__").is_some() => {
                        self.call_method(sim, x.clone(), "__anext__", Vec::new(), Vec::new())
                    }
                    (_, Some(_)) if crate::runtime::instances::dunder(&x, "__anext__").is_some() => err(
                        ExcClass::TypeError,
                        "anext(iterator, default) of a class's own __anext__ is not supported yet: catch StopAsyncIteration",
                    ),
                    _ => err(
                        ExcClass::TypeError,
                        format!("'{}' object is not an async iterator", x.type_name()),
                    ),
                }
            }
            "next" => match a.pos.first() {
                Some(it @ Value::Iter(_)) => match self.next_of(sim, &it.clone())? {
                    Some(v) => value(v),
                    None => match a.pos.get(1) {
                        Some(d) => value(d.clone()),
                        None => err(ExcClass::StopIteration, ""),
                    },
                },
                // `concurrent.futures.as_completed`: the next may have to be waited for.
                Some(Value::Obj(o))
                    if matches!(&**o, crate::runtime::objects::Obj::AsCompleted(_)) =>
                {
                    match self.as_completed_next(o) {
                        Some(c) => Ok(CallOut::Native(c)),
                        None => match a.pos.get(1) {
                            Some(d) => value(d.clone()),
                            None => err(ExcClass::StopIteration, ""),
                        },
                    }
                }
                Some(v) => err(
                    ExcClass::TypeError,
                    format!("'{}' object is not an iterator", v.type_name()),
                ),
                None => err(
                    ExcClass::TypeError,
                    "next expected at least 1 argument, got 0",
                ),
            },
            "id" => match a.pos.first() {
                Some(v) => value(Value::Int(crate::runtime::identity::id(v) as i64)),
                None => err(
                    ExcClass::TypeError,
                    "id() takes exactly one argument (0 given)",
                ),
            },
            "hash" => match a.pos.first().map(crate::runtime::identity::hash) {
                Some(Ok(h)) => value(Value::Int(h)),
                Some(Err(crate::runtime::identity::HashError::Unhashable(t))) => {
                    err(ExcClass::TypeError, format!("unhashable type: '{t}'"))
                }
                Some(Err(crate::runtime::identity::HashError::TooDeep)) => err(
                    ExcClass::RecursionError,
                    "maximum recursion depth exceeded while calling a Python object",
                ),
                None => err(
                    ExcClass::TypeError,
                    "hash() takes exactly one argument (0 given)",
                ),
            },
            "getattr" | "hasattr" => {
                a.arity(name, 2, 3)?;
                let Value::Str(attr) = &a.pos[1] else {
                    return err(ExcClass::TypeError, "attribute name must be string");
                };
                let r = self.get_attr(sim, &a.pos[0].clone(), &attr.clone());
                match (name, r) {
                    ("hasattr", r) => value(Value::Bool(r.is_ok())),
                    (_, Ok(v)) => value(v),
                    (_, Err(e)) => match a.pos.get(2) {
                        Some(d) => value(d.clone()),
                        None => Err(e),
                    },
                }
            }
            "<build_class>" => self.build_class(sim, a.pos, a.kw),
            "super" | "property" | "staticmethod" | "classmethod" | "setattr" | "delattr"
            | "issubclass" | "vars" | "NotImplemented" => self.class_builtin(sim, name, a),
            _ => err(ExcClass::NameError, format!("name '{name}' is not defined")),
        }
    }

    /// Sorts values (stable), optionally by a key function and reversed.
    pub fn sort_values(
        &mut self,
        sim: &mut Sim<Value>,
        items: Vec<Value>,
        key: Option<Value>,
        reverse: bool,
    ) -> PyResult<Vec<Value>> {
        let keys: Vec<Value> = match &key {
            Some(k) => items
                .iter()
                .map(|v| self.call_sync(sim, k, vec![v.clone()]))
                .collect::<PyResult<_>>()?,
            None => items.clone(),
        };
        let mut idx: Vec<usize> = (0..items.len()).collect();
        let mut error = None;
        if keys.iter().any(|k| matches!(k, Value::Instance(_))) {
            // Instances compare with their own `__lt__`, which runs Python.
            idx.sort_by(|&i, &j| {
                if error.is_some() {
                    return std::cmp::Ordering::Equal;
                }
                let (x, y) = if reverse {
                    (&keys[j], &keys[i])
                } else {
                    (&keys[i], &keys[j])
                };
                match self.compare_user(sim, crate::compile::code::CmpOp::Lt, x, y) {
                    Ok(v) if v.truthy() => std::cmp::Ordering::Less,
                    Ok(_) => match self.compare_user(sim, crate::compile::code::CmpOp::Lt, y, x) {
                        Ok(v) if v.truthy() => std::cmp::Ordering::Greater,
                        Ok(_) => std::cmp::Ordering::Equal,
                        Err(e) => {
                            error.get_or_insert(e);
                            std::cmp::Ordering::Equal
                        }
                    },
                    Err(e) => {
                        error.get_or_insert(e);
                        std::cmp::Ordering::Equal
                    }
                }
            });
            if let Some(e) = error {
                return Err(e);
            }
            return Ok(idx.into_iter().map(|i| items[i].clone()).collect());
        }
        idx.sort_by(|&i, &j| {
            let r = if reverse {
                ops::compare_order(&keys[j], &keys[i], "<")
            } else {
                ops::compare_order(&keys[i], &keys[j], "<")
            };
            match r {
                Ok(o) => o,
                Err(e) => {
                    error.get_or_insert(e);
                    std::cmp::Ordering::Equal
                }
            }
        });
        if let Some(e) = error {
            return Err(e);
        }
        Ok(idx.into_iter().map(|i| items[i].clone()).collect())
    }

    /// Calls a built-in type (`int("3")`, `list(x)`).
    pub fn call_type(
        &mut self,
        sim: &mut Sim<Value>,
        name: &'static str,
        pos: Vec<Value>,
        kw: Vec<(Rc<str>, Value)>,
    ) -> PyResult<CallOut> {
        let mut a = Args { pos, kw };
        if matches!(name, "list" | "tuple" | "set" | "frozenset" | "dict") {
            self.gen_builtin(sim, name, &mut a)?;
        }
        match name {
            "str" => match a.pos.first() {
                None => value(Value::str("")),
                Some(v) => value(Value::str(&self.py_str(sim, &v.clone())?)),
            },
            "int" => {
                let base = a.get(1, "base").map(|b| want_int(&b, "")).transpose()?;
                if base.is_some_and(|b| b != 0 && !(2..=36).contains(&b)) {
                    return err(
                        ExcClass::ValueError,
                        "int() base must be >= 2 and <= 36, or 0",
                    );
                }
                match (a.pos.first(), base) {
                    (None, _) => value(Value::Int(0)),
                    (Some(Value::Str(s)), b) if let Some(n) = digits_past_limit(s, b.unwrap_or(10) as u32) => err(ExcClass::ValueError, int_too_long_to_read(n)),
                    (Some(Value::Str(s)), b) => match parse_int(s, b.unwrap_or(10) as u32) {
                        Some(v) => value(Value::from_big(v)),
                        None => err(ExcClass::ValueError, format!("invalid literal for int() with base {}: {}", b.unwrap_or(10), crate::runtime::value::str_repr(s))),
                    },
                    (Some(Value::Float(f)), None) => value(crate::runtime::num::float_to_int(*f)?),
                    (Some(v @ (Value::Int(_) | Value::Big(_) | Value::Bool(_))), None) => value(Value::from_big(v.as_bigint().unwrap_or_default())),
                    (Some(v), _) => err(ExcClass::TypeError, format!("int() argument must be a string, a bytes-like object or a real number, not '{}'", v.type_name())),
                }
            }
            "float" => match a.pos.first() {
                None => value(Value::Float(0.0)),
                Some(Value::Str(s)) => {
                    let t = s.trim().to_ascii_lowercase().replace('_', "");
                    let parsed = match t.as_str() {
                        "inf" | "+inf" | "infinity" | "+infinity" => Some(f64::INFINITY),
                        "-inf" | "-infinity" => Some(f64::NEG_INFINITY),
                        "nan" | "+nan" | "-nan" => Some(f64::NAN),
                        _ => t.parse::<f64>().ok(),
                    };
                    match parsed {
                        Some(f) => value(Value::Float(f)),
                        None => err(
                            ExcClass::ValueError,
                            format!(
                                "could not convert string to float: {}",
                                crate::runtime::value::str_repr(s)
                            ),
                        ),
                    }
                }
                Some(v) => match v.as_f64() {
                    Some(f) if f.is_finite() || matches!(v, Value::Float(_)) => {
                        value(Value::Float(f))
                    }
                    Some(_) => err(ExcClass::OverflowError, "int too large to convert to float"),
                    None => err(
                        ExcClass::TypeError,
                        format!(
                            "float() argument must be a string or a real number, not '{}'",
                            v.type_name()
                        ),
                    ),
                },
            },
            "bool" => match a.pos.first() {
                Some(v @ Value::Instance(_)) => {
                    value(Value::Bool(self.user_truthy(sim, &v.clone())?))
                }
                v => value(Value::Bool(v.map(|v| v.truthy()).unwrap_or(false))),
            },
            "list" => value(Value::new_list(match a.pos.first() {
                Some(v) => self.iterate(sim, &v.clone())?,
                None => vec![],
            })),
            "tuple" => value(Value::new_tuple(match a.pos.first() {
                Some(v) => self.iterate(sim, &v.clone())?,
                None => vec![],
            })),
            "set" | "frozenset" => make_set(match a.pos.first() {
                Some(v) => self.iterate(sim, &v.clone())?,
                None => vec![],
            })
            .map(CallOut::Value),
            "dict" => {
                let mut d = Dict::new();
                if let Some(src) = a.pos.first() {
                    match src {
                        Value::Dict(s) => {
                            d = s.borrow().clone();
                            d.kind = crate::runtime::library::collections::DictKind::Plain;
                        }
                        other => {
                            for (i, item) in self.iterate(sim, other)?.into_iter().enumerate() {
                                let kv = iterate_simple(&item)?;
                                if kv.len() != 2 {
                                    return err(ExcClass::ValueError, format!("dictionary update sequence element #{i} has length {}; 2 is required", kv.len()));
                                }
                                let h = kv[0].hash_key().ok_or_else(|| {
                                    Exc::value(
                                        ExcClass::TypeError,
                                        format!("unhashable type: '{}'", kv[0].type_name()),
                                    )
                                })?;
                                d.insert(h, kv[0].clone(), kv[1].clone());
                                check_growth(d.len())?;
                            }
                        }
                    }
                }
                for (k, v) in a.kw.drain(..) {
                    d.insert(
                        crate::runtime::value::HashKey::Str(k.clone()),
                        Value::Str(k),
                        v,
                    );
                }
                value(Value::Dict(Rc::new(RefCell::new(d))))
            }
            "type" => match a.pos.first() {
                Some(v) => value(type_of(v)),
                None => err(ExcClass::TypeError, "type() takes 1 or 3 arguments"),
            },
            "object" => err(ExcClass::TypeError, "object() instances are not supported"),
            // `typing` at run time: a type variable stands for itself,
            // `cast` and `NewType` hand back what they were given.
            "TypeVar" | "ParamSpec" | "TypeVarTuple" => value(Value::Type(name)),
            "cast" => value(a.pos.get(1).cloned().unwrap_or(Value::None)),
            // Decorators for type checkers hand back what they decorate.
            "final" | "overload" | "runtime_checkable" | "no_type_check" | "abstractmethod" => {
                let f = a.pos.first().cloned().unwrap_or(Value::None);
                if let ("abstractmethod", Value::Func(func)) = (name, &f) {
                    func.is_abstract.set(true);
                }
                value(f)
            }
            "NewType" => value(a.pos.get(1).cloned().unwrap_or(Value::None)),
            _ => err(
                ExcClass::TypeError,
                format!("cannot create '{name}' instances"),
            ),
        }
    }

    /// `traceback.print_exc()` and friends.
    fn call_traceback(
        &mut self,
        sim: &mut Sim<Value>,
        name: &'static str,
        a: Args,
    ) -> PyResult<CallOut> {
        let current = self.handling.clone();
        let exc = match name {
            "traceback.print_exception" | "traceback.format_exception" => a.pos.first().cloned(),
            _ => current,
        };
        let text = match &exc {
            Some(e @ Value::Exc(_)) => e.format_exception(),
            _ => "NoneType: None\n".to_string(),
        };
        match name {
            "traceback.print_exc" | "traceback.print_exception" => {
                sim.eprint(&text);
                value(Value::None)
            }
            "traceback.format_exc" => value(Value::str(&text)),
            _ => value(Value::new_list(
                text.split_inclusive('\n').map(Value::str).collect(),
            )),
        }
    }

    fn call_functools(&mut self, name: &'static str, mut a: Args) -> PyResult<CallOut> {
        match name {
            "functools.partial" => {
                if a.pos.is_empty() {
                    return err(
                        ExcClass::TypeError,
                        "partial() missing required argument 'func'",
                    );
                }
                let f = a.pos.remove(0);
                // A partial of a partial is flattened into one, as CPython
                // does, so calling it never recurses through a chain.
                if let Value::Obj(inner) = &f {
                    if let crate::runtime::objects::Obj::Partial(g, pos, kw) = &**inner {
                        let mut all = pos.clone();
                        all.append(&mut a.pos);
                        let mut kws: Vec<(Rc<str>, Value)> = kw
                            .iter()
                            .filter(|(k, _)| !a.kw.iter().any(|(k2, _)| k2 == k))
                            .cloned()
                            .collect();
                        kws.append(&mut a.kw);
                        return value(Value::Obj(Rc::new(crate::runtime::objects::Obj::Partial(
                            g.clone(),
                            all,
                            kws,
                        ))));
                    }
                }
                value(Value::Obj(Rc::new(crate::runtime::objects::Obj::Partial(
                    f, a.pos, a.kw,
                ))))
            }
            _ => err(
                ExcClass::AttributeError,
                format!("module 'functools' has no attribute '{}'", &name[10..]),
            ),
        }
    }

    /// `str(v)`, asking the model about futures and tasks.
    pub fn to_str(&self, sim: &Sim<Value>, v: &Value) -> String {
        match v {
            Value::Str(s) => s.to_string(),
            Value::Exc(e) => e.message(),
            Value::Obj(o) if matches!(&**o, crate::runtime::objects::Obj::Dt(_)) => match &**o {
                crate::runtime::objects::Obj::Dt(d) => d.to_str(),
                _ => String::new(),
            },
            _ => self.repr(sim, v),
        }
    }

    /// `repr(v)`, asking the model about futures and tasks.
    pub fn repr(&self, sim: &Sim<Value>, v: &Value) -> String {
        // A task printing itself shows the line it is running.
        self.note_running_line(sim);
        if let Value::Obj(o) = v {
            if let crate::runtime::objects::Obj::Loop(g) = **o {
                let b = |x: bool| if x { "True" } else { "False" };
                return format!(
                    "<_UnixSelectorEventLoop running={} closed={} debug=False>",
                    b(sim.loop_running() && g == sim.loop_gen()),
                    b(sim.loop_closed(g))
                );
            }
        }
        if let Value::Obj(o) = v {
            if let Some(shown) = self.primitive_repr(sim, o, crate::runtime::identity::id(v)) {
                return shown;
            }
        }
        v.repr_with(&|id| crate::runtime::library::asyncio::future_repr(&self.interp, sim, id))
    }

    /// The reprs of asyncio's synchronisation primitives, queues and
    /// handles, which show their state (`<asyncio.locks.Lock object at 0x…
    /// [locked, waiters:2]>`, `<Queue maxsize=3 _queue=[1] tasks=1>`), at
    /// address `id`; `None` for any other object.
    fn primitive_repr(
        &self,
        sim: &Sim<Value>,
        o: &crate::runtime::objects::Obj,
        id: u64,
    ) -> Option<String> {
        use crate::runtime::objects::Obj;
        let waiting = |state: String, waiters: usize| match waiters {
            0 => state,
            n => format!("{state}, waiters:{n}"),
        };
        let locked = |yes: bool| if yes { "locked" } else { "unlocked" }.to_string();
        let (class, extra) = match o {
            Obj::Lock(l) => (
                "Lock",
                waiting(locked(sim.lock_locked(*l)), sim.lock_waiters(*l)),
            ),
            Obj::Event(e) => {
                let state = if sim.event_is_set(*e) { "set" } else { "unset" };
                ("Event", waiting(state.into(), sim.event_waiters(*e)))
            }
            Obj::Semaphore(s, bounded) => {
                let (value, waiters) = sim.semaphore_state(*s);
                let state = if sim.semaphore_locked(*s) {
                    "locked".into()
                } else {
                    format!("unlocked, value:{value}")
                };
                let class = if *bounded {
                    "BoundedSemaphore"
                } else {
                    "Semaphore"
                };
                (class, waiting(state, waiters))
            }
            Obj::Condition(c) => {
                let lock = sim.condition_lock(*c);
                (
                    "Condition",
                    waiting(locked(sim.lock_locked(lock)), sim.condition_waiters(*c)),
                )
            }
            Obj::Queue(q, name) => {
                // `print` shows `Queue.__str__`, which repr shares here.
                let (items, getters, putters, unfinished) = sim.queue_state(*q);
                let mut text = format!("<{name} maxsize={}", sim.queue_maxsize(*q));
                if !items.is_empty() {
                    text.push_str(&format!(
                        " _queue={}",
                        self.repr(sim, &Value::new_list(items))
                    ));
                }
                if getters > 0 {
                    text.push_str(&format!(" _getters[{getters}]"));
                }
                if putters > 0 {
                    text.push_str(&format!(" _putters[{putters}]"));
                }
                if unfinished > 0 {
                    text.push_str(&format!(" tasks={unfinished}"));
                }
                text.push('>');
                return Some(text);
            }
            Obj::Handle(h) => return sim.handle_repr(*h),
            _ => return None,
        };
        Some(format!(
            "<asyncio.locks.{class} object at {id:#x} [{extra}]>"
        ))
    }

    /// `format(v, spec)`.
    pub fn format(&self, sim: &Sim<Value>, v: &Value, spec: &str) -> PyResult<String> {
        let parsed = || pyfmt::parse_spec(spec).map_err(|m| Exc::value(ExcClass::ValueError, m));
        match v {
            Value::Bool(b) if spec.is_empty() => {
                Ok(if *b { "True".into() } else { "False".into() })
            }
            Value::Int(_) | Value::Big(_) | Value::Bool(_) => {
                let spec = parsed()?;
                if matches!(spec.ty, Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%')) {
                    // Float presentation types convert the int first, which
                    // raises for an int beyond the float range.
                    crate::runtime::num::float_of(v)?;
                }
                pyfmt::format_int(&v.as_bigint().unwrap_or_default(), &spec)
                    .map_err(|m| Exc::value(ExcClass::ValueError, m))
            }
            Value::Float(f) => {
                pyfmt::format_float(*f, &parsed()?).map_err(|m| Exc::value(ExcClass::ValueError, m))
            }
            Value::Str(s) => {
                if spec.is_empty() {
                    return Ok(s.to_string());
                }
                pyfmt::format_str(s, &parsed()?).map_err(|m| Exc::value(ExcClass::ValueError, m))
            }
            other => {
                // `f"{now:%H:%M:%S}"` formats a datetime with `strftime`.
                if let Some(
                    d @ (crate::runtime::library::datetime::Dt::DateTime(..)
                    | crate::runtime::library::datetime::Dt::Date(_)),
                ) = crate::runtime::library::datetime::as_dt(other)
                {
                    if !spec.is_empty() {
                        let mut r = Runner::module(self.interp.clone());
                        let a = Args {
                            pos: vec![Value::str(spec)],
                            kw: vec![],
                        };
                        return Ok(r.datetime_method(d, "strftime", a)?.to_str());
                    }
                }
                crate::runtime::value::repr_trouble();
                let s = self.to_str(sim, other);
                // A repr cut at the string limit, or holding an int too long
                // to write, is the program's error, not a short text.
                if let Some(e) = crate::runtime::value::repr_trouble() {
                    return Err(e);
                }
                if spec.is_empty() {
                    return Ok(s);
                }
                let p = parsed()?;
                pyfmt::format_str(&s, &p).map_err(|_| {
                    Exc::value(
                        ExcClass::TypeError,
                        format!(
                            "unsupported format string passed to {}.__format__",
                            other.type_name()
                        ),
                    )
                })
            }
        }
    }
}

/// `sum(items, start)` as CPython 3.12 computes it: ints exactly, floats
/// with compensated (Neumaier) summation, anything else with `+`.
fn sum_values(start: Value, items: Vec<Value>, max_len: usize) -> PyResult {
    let mut acc = start;
    let mut i = 0;
    while i < items.len() {
        if let (Some(_), Value::Float(_) | Value::Int(_) | Value::Bool(_)) =
            (acc.as_f64(), &items[i])
        {
            if matches!(acc, Value::Float(_)) || matches!(items[i], Value::Float(_)) {
                // Switch to the float path for the rest of the floats and small ints.
                let start = i;
                let mut f = crate::runtime::num::float_of(&acc)?.unwrap_or(0.0);
                let mut c = 0.0f64;
                while i < items.len() {
                    // CPython converts every int that fits a C long with a
                    // plain (rounding) cast, as `as f64` does.
                    let x = match &items[i] {
                        Value::Float(x) => *x,
                        Value::Int(n) => *n as f64,
                        Value::Bool(b) => *b as i64 as f64,
                        _ => break,
                    };
                    let t = f + x;
                    if f.abs() >= x.abs() {
                        c += (f - t) + x;
                    } else {
                        c += (x - t) + f;
                    }
                    f = t;
                    i += 1;
                }
                if c != 0.0 && c.is_finite() {
                    f += c;
                }
                acc = Value::Float(f);
                // An item the float path cannot take (a big int) goes
                // through the general addition below, so every pass of the
                // outer loop consumes at least one item.
                if i > start {
                    continue;
                }
            }
        }
        acc = ops::binary(crate::compile::code::BinOp::Add, &acc, &items[i], max_len)?;
        i += 1;
    }
    Ok(acc)
}

/// `type(v)`.
pub fn type_of(v: &Value) -> Value {
    match v {
        Value::Exc(e) => match &e.user {
            Some(u) => Value::Class(u.class.clone()),
            None => Value::ExcType(e.class),
        },
        Value::Instance(i) => Value::Class(i.class.clone()),
        Value::Class(_) => Value::Type("type"),
        Value::Bool(_) => Value::Type("bool"),
        Value::Int(_) | Value::Big(_) => Value::Type("int"),
        Value::Float(_) => Value::Type("float"),
        Value::Str(_) => Value::Type("str"),
        Value::List(_) => Value::Type("list"),
        Value::Tuple(_) => Value::Type("tuple"),
        Value::Dict(d) => match d.borrow().kind.name() {
            "defaultdict" => Value::Builtin("collections.defaultdict"),
            "Counter" => Value::Builtin("collections.Counter"),
            "OrderedDict" => Value::Builtin("collections.OrderedDict"),
            _ => Value::Type("dict"),
        },
        Value::Set(_) => Value::Type("set"),
        Value::None => Value::Type("NoneType"),
        Value::Obj(o) => match &**o {
            crate::runtime::objects::Obj::Named(c, _) => {
                Value::Obj(Rc::new(crate::runtime::objects::Obj::NtClass(c.clone())))
            }
            crate::runtime::objects::Obj::Deque(_) => Value::Builtin("collections.deque"),
            crate::runtime::objects::Obj::Dt(d) => match d {
                crate::runtime::library::datetime::Dt::DateTime(..) => {
                    Value::Builtin("datetime.datetime")
                }
                crate::runtime::library::datetime::Dt::Date(_) => Value::Builtin("datetime.date"),
                crate::runtime::library::datetime::Dt::Delta(_) => {
                    Value::Builtin("datetime.timedelta")
                }
                crate::runtime::library::datetime::Dt::Utc => Value::Builtin("datetime.timezone"),
            },
            other => Value::Type(other.type_name()),
        },
        other => Value::Type(other.type_name()),
    }
}

/// `isinstance(v, cls)`.
pub fn isinstance(v: &Value, cls: &Value) -> PyResult<bool> {
    isinstance_depth(v, cls, 0)
}

/// How deep `isinstance` follows tuples inside tuples before raising
/// `RecursionError`, as CPython's recursion limit makes it do.
const MAX_ISINSTANCE_DEPTH: usize = 200;

fn isinstance_depth(v: &Value, cls: &Value, depth: usize) -> PyResult<bool> {
    if depth > MAX_ISINSTANCE_DEPTH {
        return err(
            ExcClass::RecursionError,
            "maximum recursion depth exceeded in __instancecheck__",
        );
    }
    match cls {
        Value::Tuple(t) => {
            for c in t.iter() {
                if isinstance_depth(v, c, depth + 1)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Value::Obj(u) if matches!(&**u, crate::runtime::objects::Obj::Union(_)) => {
            for c in crate::runtime::union::members(cls) {
                // `None` in a union stands for its class, `NoneType`.
                if matches!(c, Value::None) {
                    if matches!(v, Value::None) {
                        return Ok(true);
                    }
                    continue;
                }
                if isinstance_depth(v, &c, depth + 1)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Value::ExcType(c) => Ok(matches!(v, Value::Exc(e) if e.class.is_subclass(*c))),
        Value::Class(c) => Ok(crate::runtime::instances::is_instance_of(v, c)),
        Value::Type(t) => Ok(match *t {
            "int" => matches!(v, Value::Int(_) | Value::Big(_) | Value::Bool(_)),
            // `defaultdict`, `Counter` and `OrderedDict` are dicts.
            "dict" => matches!(v, Value::Dict(_)),
            "object" => true,
            other => v.type_name() == other,
        }),
        Value::Builtin("asyncio.Task") => Ok(matches!(v, Value::Future(_))),
        Value::Builtin("asyncio.Future") => Ok(matches!(v, Value::Future(_))),
        Value::Obj(c) if matches!(&**c, crate::runtime::objects::Obj::NtClass(_)) => {
            Ok(match (v, &**c) {
                (Value::Obj(o), crate::runtime::objects::Obj::NtClass(cls)) => {
                    matches!(&**o, crate::runtime::objects::Obj::Named(k, _) if Rc::ptr_eq(k, cls))
                }
                _ => false,
            })
        }
        Value::Builtin(n) => Ok(match v {
            Value::Dict(d) => n.rsplit('.').next() == Some(d.borrow().kind.name()),
            Value::Obj(o) => n.ends_with(o.type_name()),
            _ => false,
        }),
        _ => err(
            ExcClass::TypeError,
            "isinstance() arg 2 must be a type, a tuple of types, or a union",
        ),
    }
}

/// `len()`.
fn builtin_len(a: Args) -> PyResult<CallOut> {
    a.arity("len", 1, 1)?;
    let n = match &a.pos[0] {
        Value::Str(s) => {
            if s.is_ascii() {
                s.len()
            } else {
                s.chars().count()
            }
        }
        Value::List(l) => l.borrow().len(),
        Value::Tuple(t) => t.len(),
        Value::Dict(d) | Value::Set(d) => d.borrow().len(),
        Value::Range(r) => range_len(r.0, r.1, r.2) as usize,
        Value::Obj(o) if o.view_items().is_some() => o.view_items().map(|v| v.len()).unwrap_or(0),
        Value::Obj(o) if matches!(&**o, crate::runtime::objects::Obj::Context(_)) => match &**o {
            crate::runtime::objects::Obj::Context(ctx) => ctx.len(),
            _ => 0,
        },
        v => {
            return err(
                ExcClass::TypeError,
                format!("object of type '{}' has no len()", v.type_name()),
            )
        }
    };
    value(Value::Int(n as i64))
}

/// `range()`.
fn builtin_range(a: Args) -> PyResult<CallOut> {
    a.no_more_kw("range")?;
    a.arity("range", 1, 3)?;
    let ints: Vec<i64> = a
        .pos
        .iter()
        .map(|v| want_int(v, ""))
        .collect::<PyResult<_>>()?;
    let (start, stop, step) = match ints.len() {
        1 => (0, ints[0], 1),
        2 => (ints[0], ints[1], 1),
        _ => (ints[0], ints[1], ints[2]),
    };
    if step == 0 {
        return err(ExcClass::ValueError, "range() arg 3 must not be zero");
    }
    value(Value::Range(Rc::new((start, stop, step))))
}

/// `round()`.
fn builtin_round(mut a: Args) -> PyResult<CallOut> {
    let x = a.get(0, "number").unwrap_or(Value::None);
    let nd = a.get(1, "ndigits").filter(|v| !matches!(v, Value::None));
    let nd = match nd {
        Some(n) => Some(n.as_bigint().ok_or_else(|| {
            Exc::value(
                ExcClass::TypeError,
                format!(
                    "'{}' object cannot be interpreted as an integer",
                    n.type_name()
                ),
            )
        })?),
        None => None,
    };
    match (&x, nd) {
        (Value::Float(f), None) => value(crate::runtime::num::float_to_int(f.round_ties_even())?),
        (Value::Float(f), Some(n)) => {
            value(Value::Float(crate::runtime::num::round_float(*f, &n)?))
        }
        (Value::Int(_) | Value::Big(_) | Value::Bool(_), None) => {
            value(Value::from_big(x.as_bigint().unwrap_or_default()))
        }
        (Value::Int(_) | Value::Big(_) | Value::Bool(_), Some(n)) => value(Value::from_big(
            crate::runtime::num::round_int(&x.as_bigint().unwrap_or_default(), &n),
        )),
        _ => err(
            ExcClass::TypeError,
            format!("type {} doesn't define __round__ method", x.type_name()),
        ),
    }
}

/// `reversed()`.
fn builtin_reversed(a: Args) -> PyResult<CallOut> {
    let mut items = match a.pos.first() {
        Some(v @ (Value::List(_) | Value::Tuple(_) | Value::Range(_) | Value::Str(_))) => {
            iterate_simple(v)?
        }
        Some(v) => {
            return err(
                ExcClass::TypeError,
                format!("'{}' object is not reversible", v.type_name()),
            )
        }
        None => return err(ExcClass::TypeError, "reversed expected 1 argument, got 0"),
    };
    items.reverse();
    value(new_iter(items))
}

/// `divmod()`.
fn builtin_divmod(a: Args) -> PyResult<CallOut> {
    a.arity("divmod", 2, 2)?;
    if matches!(
        (&a.pos[0], &a.pos[1]),
        (Value::Float(_), _) | (_, Value::Float(_))
    ) && a.pos[1].as_f64() == Some(0.0)
        && a.pos[0].as_f64().is_some()
    {
        return err(ExcClass::ZeroDivisionError, "float divmod()");
    }
    let q = ops::binary(
        crate::compile::code::BinOp::FloorDiv,
        &a.pos[0],
        &a.pos[1],
        0,
    )?;
    let r = ops::binary(crate::compile::code::BinOp::Mod, &a.pos[0], &a.pos[1], 0)?;
    value(Value::new_tuple(vec![q, r]))
}

/// `pow()`.
fn builtin_pow(a: Args) -> PyResult<CallOut> {
    a.arity("pow", 2, 3)?;
    if a.pos.len() == 3 {
        let (b, e, m) = (
            a.pos[0].as_bigint(),
            a.pos[1].as_bigint(),
            a.pos[2].as_bigint(),
        );
        return match (b, e, m) {
            (Some(_), Some(_), Some(m)) if m.is_zero() => {
                err(ExcClass::ValueError, "pow() 3rd argument cannot be 0")
            }
            (Some(b), Some(e), Some(m)) if e.is_negative() => {
                // A negative exponent raises the inverse of the base.
                match b.modinv(&m) {
                    Some(inv) => value(Value::from_big(inv.modpow(&-e, &m))),
                    None => err(
                        ExcClass::ValueError,
                        "base is not invertible for the given modulus",
                    ),
                }
            }
            (Some(b), Some(e), Some(m)) => value(Value::from_big(b.modpow(&e, &m))),
            _ => err(
                ExcClass::TypeError,
                "pow() 3rd argument not allowed unless all arguments are integers",
            ),
        };
    }
    value(ops::binary(
        crate::compile::code::BinOp::Pow,
        &a.pos[0],
        &a.pos[1],
        0,
    )?)
}

/// `chr()`.
fn builtin_chr(a: Args) -> PyResult<CallOut> {
    let i = want_int(a.pos.first().unwrap_or(&Value::None), "")?;
    match u32::try_from(i).ok().and_then(char::from_u32) {
        Some(c) => value(Value::str(&c.to_string())),
        None => err(ExcClass::ValueError, "chr() arg not in range(0x110000)"),
    }
}
