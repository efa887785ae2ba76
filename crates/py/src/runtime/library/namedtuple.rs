//! `collections.namedtuple`, natively: a class (`Obj::NtClass`) whose
//! instances (`Obj::Named`) are tuples with field names.
//!
//! An instance behaves as its tuple wherever tuples are compared, hashed,
//! iterated, indexed or unpacked (`ops::eq`, `Value::hash_key`, the dict
//! views' iteration path, the subscript fallback), and adds the fields as
//! attributes, `_replace`, `_asdict`, `_fields` and the repr
//! `Point(x=1, y=2)`.  `type(p).__name__` is `tuple`: type names are static
//! strings here, and a program makes classes at run time.

use std::cell::RefCell;
use std::rc::Rc;

use crate::front::names::ExcClass;
use crate::runtime::builtins::Args;
use crate::runtime::objects::Obj;
use crate::runtime::ops::{err, PyResult};
use crate::runtime::value::{Dict, Tuple, Value};

/// A namedtuple class.
pub struct NtClass {
    /// `__name__`.
    pub name: Rc<str>,
    /// `_fields`.
    pub fields: Vec<Rc<str>>,
    /// Defaults of the last fields.
    pub defaults: Vec<Value>,
    /// The methods, properties and class attributes of a `typing.NamedTuple`
    /// class body (empty for `collections.namedtuple`).
    pub methods: Vec<(Rc<str>, Value)>,
}

impl NtClass {
    /// A method or class attribute defined in a `NamedTuple` class body.
    pub fn method(&self, name: &str) -> Option<Value> {
        self.methods
            .iter()
            .find(|(k, _)| &**k == name)
            .map(|(_, v)| v.clone())
    }
}

/// The items of a namedtuple instance or a tuple.
pub fn as_tuple(v: &Value) -> Option<Rc<Tuple>> {
    match v {
        Value::Tuple(t) => Some(t.clone()),
        Value::Obj(o) => match &**o {
            Obj::Named(_, t) => Some(t.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// Whether `s` is a Python identifier (`str.isidentifier`), for the letters
/// and digits Rust knows.
pub(crate) fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
}

const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// `namedtuple(typename, field_names, *, defaults=None)`.
pub fn make_class(mut a: Args) -> PyResult {
    let defaults = match a.take_kw("defaults") {
        None | Some(Value::None) => Vec::new(),
        Some(v) => crate::runtime::builtins::iterate_simple(&v)?,
    };
    let rename = a.take_kw("rename").is_some_and(|v| v.truthy());
    a.take_kw("module");
    a.no_more_kw("namedtuple")?;
    let (Some(Value::Str(name)), Some(spec)) = (a.pos.first(), a.pos.get(1)) else {
        return err(
            ExcClass::TypeError,
            "namedtuple() needs a type name and field names",
        );
    };
    let mut names: Vec<Value> = match spec {
        Value::Str(s) => s
            .replace(',', " ")
            .split_whitespace()
            .map(Value::str)
            .collect(),
        other => crate::runtime::builtins::iterate_simple(other)?,
    };
    if rename {
        // `rename=True` replaces each field name that is not an identifier,
        // is a keyword, starts with an underscore or repeats an earlier one
        // with `_` and its position, as CPython does.
        let mut seen: Vec<Rc<str>> = Vec::new();
        for (i, n) in names.iter_mut().enumerate() {
            if let Value::Str(s) = n {
                if !is_identifier(s)
                    || KEYWORDS.contains(&&**s)
                    || s.starts_with('_')
                    || seen.contains(s)
                {
                    *n = Value::str(&format!("_{i}"));
                } else {
                    seen.push(s.clone());
                }
            }
        }
    }
    let mut fields: Vec<Rc<str>> = Vec::new();
    for n in std::iter::once(&Value::Str(name.clone())).chain(names.iter()) {
        let Value::Str(s) = n else {
            return err(
                ExcClass::TypeError,
                "Type names and field names must be strings",
            );
        };
        if !is_identifier(s) {
            return err(
                ExcClass::ValueError,
                format!(
                    "Type names and field names must be valid identifiers: {}",
                    n.repr()
                ),
            );
        }
        if KEYWORDS.contains(&&**s) {
            return err(
                ExcClass::ValueError,
                format!(
                    "Type names and field names cannot be a keyword: {}",
                    n.repr()
                ),
            );
        }
    }
    for n in &names {
        let Value::Str(s) = n else { continue };
        if s.starts_with('_') && !rename {
            return err(
                ExcClass::ValueError,
                format!("Field names cannot start with an underscore: {}", n.repr()),
            );
        }
        if fields.contains(s) {
            return err(
                ExcClass::ValueError,
                format!("Encountered duplicate field name: {}", n.repr()),
            );
        }
        fields.push(s.clone());
    }
    if defaults.len() > fields.len() {
        return err(
            ExcClass::TypeError,
            "Got more default values than field names",
        );
    }
    Ok(Value::Obj(Rc::new(Obj::NtClass(Rc::new(NtClass {
        name: name.clone(),
        fields,
        defaults,
        methods: Vec::new(),
    })))))
}

/// Calls a namedtuple class: a new instance from positional and keyword fields.
pub fn instantiate(cls: &Rc<NtClass>, a: Args) -> PyResult {
    let n = cls.fields.len();
    let name = &cls.name;
    if a.pos.len() > n {
        let required = n - cls.defaults.len();
        let takes = if required == n {
            format!("{}", n + 1)
        } else {
            format!("from {} to {}", required + 1, n + 1)
        };
        return err(
            ExcClass::TypeError,
            format!(
                "{name}.__new__() takes {takes} positional arguments but {} were given",
                a.pos.len() + 1
            ),
        );
    }
    let mut slots: Vec<Option<Value>> = a.pos.into_iter().map(Some).collect();
    slots.resize(n, None);
    for (k, v) in a.kw {
        match cls.fields.iter().position(|f| *f == k) {
            Some(i) if slots[i].is_some() => {
                return err(
                    ExcClass::TypeError,
                    format!("{name}.__new__() got multiple values for argument '{k}'"),
                )
            }
            Some(i) => slots[i] = Some(v),
            None => {
                return err(
                    ExcClass::TypeError,
                    format!("{name}.__new__() got an unexpected keyword argument '{k}'"),
                )
            }
        }
    }
    let first_default = n - cls.defaults.len();
    let mut missing = Vec::new();
    let mut items = Vec::with_capacity(n);
    for (i, s) in slots.into_iter().enumerate() {
        match s {
            Some(v) => items.push(v),
            None if i >= first_default => items.push(cls.defaults[i - first_default].clone()),
            None => {
                missing.push(format!("'{}'", cls.fields[i]));
                items.push(Value::None);
            }
        }
    }
    if !missing.is_empty() {
        let list = match missing.len() {
            1 => missing[0].clone(),
            _ => {
                let last = missing.pop().unwrap_or_default();
                format!("{} and {last}", missing.join(", "))
            }
        };
        let s = if missing.len() == 1 { "" } else { "s" };
        let count = list.matches('\'').count() / 2;
        let s = if count == 1 { s } else { "s" };
        return err(
            ExcClass::TypeError,
            format!("{name}.__new__() missing {count} required positional argument{s}: {list}"),
        );
    }
    Ok(instance(cls, items))
}

fn instance(cls: &Rc<NtClass>, items: Vec<Value>) -> Value {
    Value::Obj(Rc::new(Obj::Named(cls.clone(), Rc::new(Tuple(items)))))
}

/// `repr(p)`: `Point(x=1, y=2)`.
pub fn repr(cls: &NtClass, items: &Tuple) -> String {
    let mut out = format!("{}(", cls.name);
    for (i, (f, v)) in cls.fields.iter().zip(items.iter()).enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(f);
        out.push('=');
        out.push_str(&v.repr());
    }
    out.push(')');
    out
}

/// Attributes of a class or an instance; `None` when the name is a method
/// to bind (`_replace`, `_asdict`, `_make`, `count`, `index`).
pub fn attr(o: &Obj, name: &str) -> Option<PyResult> {
    match o {
        Obj::NtClass(c) => match name {
            "__name__" | "__qualname__" => Some(Ok(Value::Str(c.name.clone()))),
            "__doc__" => Some(Ok(c.method("__doc__").unwrap_or_else(|| {
                Value::str(&format!("{}({})", c.name, c.fields.join(", ")))
            }))),
            "_fields" => Some(Ok(fields(c))),
            "__match_args__" => Some(Ok(fields(c))),
            "_field_defaults" => {
                let mut d = Dict::new();
                let first = c.fields.len() - c.defaults.len();
                for (f, v) in c.fields[first..].iter().zip(c.defaults.iter()) {
                    d.insert(
                        crate::runtime::value::HashKey::Str(f.clone()),
                        Value::Str(f.clone()),
                        v.clone(),
                    );
                }
                Some(Ok(Value::Dict(Rc::new(RefCell::new(d)))))
            }
            "_make" => None,
            _ => Some(err(
                ExcClass::AttributeError,
                format!("type object '{}' has no attribute '{name}'", c.name),
            )),
        },
        Obj::Named(c, t) => match c.fields.iter().position(|f| &**f == name) {
            Some(i) => Some(Ok(t[i].clone())),
            None => match name {
                "_fields" | "__match_args__" => Some(Ok(fields(c))),
                "_replace" | "_asdict" | "count" | "index" | "_make" => None,
                _ => Some(err(
                    ExcClass::AttributeError,
                    format!("'{}' object has no attribute '{name}'", c.name),
                )),
            },
        },
        _ => None,
    }
}

fn fields(c: &NtClass) -> Value {
    Value::new_tuple(c.fields.iter().map(|f| Value::Str(f.clone())).collect())
}

/// Methods of a class (`_make`) or an instance.
pub fn method(o: &Obj, name: &str, a: Args) -> PyResult {
    match (o, name) {
        (Obj::NtClass(c), "_make") | (Obj::Named(c, _), "_make") => {
            let items =
                crate::runtime::builtins::iterate_simple(a.pos.first().unwrap_or(&Value::None))?;
            if items.len() != c.fields.len() {
                return err(
                    ExcClass::TypeError,
                    format!("Expected {} arguments, got {}", c.fields.len(), items.len()),
                );
            }
            Ok(instance(c, items))
        }
        (Obj::Named(c, t), "_replace") => {
            let mut items = t.0.clone();
            for (k, v) in a.kw {
                match c.fields.iter().position(|f| *f == k) {
                    Some(i) => items[i] = v,
                    None => {
                        return err(
                            ExcClass::ValueError,
                            format!("Got unexpected field names: ['{k}']"),
                        )
                    }
                }
            }
            Ok(instance(c, items))
        }
        (Obj::Named(c, t), "_asdict") => {
            let mut d = Dict::new();
            for (f, v) in c.fields.iter().zip(t.iter()) {
                d.insert(
                    crate::runtime::value::HashKey::Str(f.clone()),
                    Value::Str(f.clone()),
                    v.clone(),
                );
            }
            Ok(Value::Dict(Rc::new(RefCell::new(d))))
        }
        (Obj::Named(_, t), "count") => {
            let x = a.pos.first().cloned().unwrap_or(Value::None);
            Ok(Value::Int(crate::runtime::ops::count(t, &x)? as i64))
        }
        (Obj::Named(_, t), "index") => {
            let x = a.pos.first().cloned().unwrap_or(Value::None);
            match crate::runtime::ops::position(t, &x)? {
                Some(i) => Ok(Value::Int(i as i64)),
                None => err(ExcClass::ValueError, "tuple.index(x): x not in tuple"),
            }
        }
        _ => err(
            ExcClass::AttributeError,
            format!("'{}' object has no attribute '{name}'", o.type_name()),
        ),
    }
}

/// An instance of a fixed library class (`time.struct_time`).
pub fn fixed(name: &str, fields: &[&str], items: Vec<Value>) -> Value {
    let cls = Rc::new(NtClass {
        name: Rc::from(name),
        fields: fields.iter().map(|f| Rc::from(*f)).collect(),
        defaults: Vec::new(),
        methods: Vec::new(),
    });
    instance(&cls, items)
}

/// `functools`' `CacheInfo(hits=…, misses=…, maxsize=…, currsize=…)`.
pub fn cache_info(hits: i64, misses: i64, maxsize: Value, currsize: i64) -> Value {
    let cls = Rc::new(NtClass {
        name: Rc::from("CacheInfo"),
        fields: ["hits", "misses", "maxsize", "currsize"]
            .iter()
            .map(|f| Rc::from(*f))
            .collect(),
        defaults: Vec::new(),
        methods: Vec::new(),
    });
    instance(
        &cls,
        vec![
            Value::Int(hits),
            Value::Int(misses),
            maxsize,
            Value::Int(currsize),
        ],
    )
}

/// `class P(NamedTuple): x: int; y: int = 0`: the fields are the body's
/// annotations in order, their defaults its assignments to them, and the
/// rest of the body (methods, properties, constants, the docstring) stays
/// with the class.
pub fn from_class_body(name: Rc<str>, ns: &Dict) -> PyResult {
    let mut fields: Vec<Rc<str>> = Vec::new();
    if let Some((_, Value::Dict(ann))) = ns
        .iter()
        .find(|(k, _)| matches!(k, Value::Str(s) if &**s == "__annotations__"))
    {
        for (k, _) in ann.borrow().iter() {
            if let Value::Str(k) = k {
                if k.starts_with('_') {
                    return err(
                        ExcClass::ValueError,
                        format!("Field names cannot start with an underscore: '{k}'"),
                    );
                }
                fields.push(k.clone());
            }
        }
    }
    let mut defaults = Vec::new();
    let mut first_default: Option<Rc<str>> = None;
    for f in &fields {
        let given = ns
            .iter()
            .find(|(k, _)| matches!(k, Value::Str(s) if s == f))
            .map(|(_, v)| v.clone());
        match (given, &first_default) {
            (Some(v), _) => {
                first_default.get_or_insert_with(|| f.clone());
                defaults.push(v);
            }
            (None, Some(d)) => {
                return err(
                    ExcClass::TypeError,
                    format!("Non-default namedtuple field {f} cannot follow default field {d}"),
                )
            }
            (None, None) => {}
        }
    }
    let mut methods = Vec::new();
    for (k, v) in ns.iter() {
        let Value::Str(k) = k else { continue };
        if fields.contains(k)
            || matches!(
                &**k,
                "__annotations__" | "__module__" | "__qualname__" | "__classcell__"
            )
        {
            continue;
        }
        if matches!(
            &**k,
            "__new__"
                | "__init__"
                | "__slots__"
                | "__getnewargs__"
                | "_make"
                | "_fields"
                | "_field_defaults"
                | "_replace"
                | "_asdict"
                | "_source"
        ) {
            return err(
                ExcClass::AttributeError,
                format!("Cannot overwrite NamedTuple attribute {k}"),
            );
        }
        methods.push((k.clone(), v.clone()));
    }
    Ok(Value::Obj(Rc::new(Obj::NtClass(Rc::new(NtClass {
        name,
        fields,
        defaults,
        methods,
    })))))
}
