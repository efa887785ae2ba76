//! The run-time half of `match` statements.
//!
//! The compiler (`Compiler::match_stmt`) turns literal, capture, wildcard,
//! value, `|` and `as` patterns into plain comparisons and stores.  The
//! structural patterns need a look at the subject's type, so they call one
//! of three hidden built-ins, which answer `None` (no match) or a tuple of
//! the values the sub-patterns are then matched against:
//!
//! * `match.seq(subject, before, after)`: a sequence pattern with `before`
//!   patterns before its star and `after` after it (`after` is -1 without
//!   a star); the star's items come back as one list.
//! * `match.map(keys, subject, rest)`: the values under `keys`, then (with
//!   `rest`) a dict of the other items.
//! * `match.cls(cls, subject, npos, names)`: `isinstance(subject, cls)`,
//!   then the positional sub-patterns' values (the subject itself for the
//!   built-in types that match themselves, `__match_args__` otherwise) and
//!   the named attributes.  Only `getattr` and `isinstance` are used, so
//!   the same path serves user classes once the interpreter has them.

use std::cell::RefCell;
use std::rc::Rc;

use loopscope_sim::Sim;

use crate::front::names::ExcClass;
use crate::runtime::builtins::Args;
use crate::runtime::ops::{err, PyResult};
use crate::runtime::value::{Dict, Value};
use crate::runtime::vm::Runner;

/// Built-in types whose class pattern takes one positional sub-pattern
/// matched against the subject itself (`case int(n)`), as CPython's
/// `Py_TPFLAGS_MATCH_SELF` types.
const MATCH_SELF: &[&str] = &[
    "bool",
    "dict",
    "float",
    "frozenset",
    "int",
    "list",
    "set",
    "str",
    "tuple",
];

impl Runner {
    /// Calls `match.seq`, `match.map` or `match.cls`.
    pub(crate) fn call_matching(&mut self, sim: &mut Sim<Value>, name: &str, a: Args) -> PyResult {
        let arg = |i: usize| a.pos.get(i).cloned().unwrap_or(Value::None);
        match name {
            "match.seq" => match_sequence(&arg(0), int_arg(&arg(1)), int_arg(&arg(2))),
            "match.map" => match_mapping(&arg(0), &arg(1), arg(2).truthy()),
            _ => self.match_class(sim, &arg(0), &arg(1), int_arg(&arg(2)), &arg(3)),
        }
    }

    fn match_class(
        &mut self,
        sim: &mut Sim<Value>,
        cls: &Value,
        subject: &Value,
        npos: i64,
        names: &Value,
    ) -> PyResult {
        let is_type = match cls {
            Value::Type(_) | Value::ExcType(_) | Value::Builtin(_) | Value::Class(_) => true,
            Value::Obj(o) => matches!(&**o, crate::runtime::objects::Obj::NtClass(_)),
            _ => false,
        };
        if !is_type {
            return err(ExcClass::TypeError, "called match pattern must be a class");
        }
        if !crate::runtime::builtins::isinstance(subject, cls)? {
            return Ok(Value::None);
        }
        let cls_name = match cls {
            Value::Type(t) => t.to_string(),
            Value::ExcType(c) => c.name().to_string(),
            Value::Builtin(b) => b.rsplit('.').next().unwrap_or(b).to_string(),
            other => self
                .get_attr(sim, other, "__name__")
                .map(|n| n.to_str())
                .unwrap_or_default(),
        };
        let mut out = Vec::new();
        let mut seen: Vec<Rc<str>> = Vec::new();
        if npos > 0 {
            match cls {
                Value::Type(t) if MATCH_SELF.contains(t) => {
                    if npos > 1 {
                        return err(
                            ExcClass::TypeError,
                            format!("{cls_name}() accepts 1 positional sub-pattern ({npos} given)"),
                        );
                    }
                    out.push(subject.clone());
                }
                _ => {
                    let args = match self.get_attr(sim, cls, "__match_args__") {
                        Ok(Value::Tuple(t)) => t.0.clone(),
                        Ok(_) => return err(ExcClass::TypeError, "__match_args__ must be a tuple"),
                        Err(_) => Vec::new(),
                    };
                    if npos as usize > args.len() {
                        let s = if args.len() == 1 { "" } else { "s" };
                        return err(
                            ExcClass::TypeError,
                            format!(
                                "{cls_name}() accepts {} positional sub-pattern{s} ({npos} given)",
                                args.len()
                            ),
                        );
                    }
                    for a in &args[..npos as usize] {
                        let Value::Str(attr) = a else {
                            return err(
                                ExcClass::TypeError,
                                "__match_args__ elements must be strings",
                            );
                        };
                        seen.push(attr.clone());
                        match self.get_attr(sim, subject, attr) {
                            Ok(v) => out.push(v),
                            Err(_) => return Ok(Value::None),
                        }
                    }
                }
            }
        }
        if let Value::Tuple(names) = names {
            for n in names.iter() {
                let Value::Str(attr) = n else { continue };
                if seen.contains(attr) {
                    return err(
                        ExcClass::TypeError,
                        format!("{cls_name}() got multiple sub-patterns for attribute '{attr}'"),
                    );
                }
                seen.push(attr.clone());
                match self.get_attr(sim, subject, attr) {
                    Ok(v) => out.push(v),
                    Err(_) => return Ok(Value::None),
                }
            }
        }
        Ok(Value::new_tuple(out))
    }
}

fn int_arg(v: &Value) -> i64 {
    v.as_i64().unwrap_or(0)
}

/// A sequence pattern: lists, tuples, ranges and deques match; strings do not.
fn match_sequence(subject: &Value, before: i64, after: i64) -> PyResult {
    let items = match subject {
        Value::List(l) => l.borrow().clone(),
        Value::Tuple(t) => t.0.clone(),
        Value::Range(_) => crate::runtime::builtins::iterate_simple(subject)?,
        Value::Obj(o)
            if matches!(
                &**o,
                crate::runtime::objects::Obj::Deque(_) | crate::runtime::objects::Obj::Named(..)
            ) =>
        {
            o.view_items().unwrap_or_default()
        }
        _ => return Ok(Value::None),
    };
    crate::runtime::builtins::add_work(items.len());
    let before = before.max(0) as usize;
    if after < 0 {
        if items.len() != before {
            return Ok(Value::None);
        }
        return Ok(Value::new_tuple(items));
    }
    let after = after as usize;
    if items.len() < before + after {
        return Ok(Value::None);
    }
    let mut items = items;
    let tail = items.split_off(items.len() - after);
    let mid = items.split_off(before);
    items.push(Value::new_list(mid));
    items.extend(tail);
    Ok(Value::new_tuple(items))
}

/// A mapping pattern: the values under `keys` (all present), then the rest.
fn match_mapping(keys: &Value, subject: &Value, rest: bool) -> PyResult {
    let Value::Dict(d) = subject else {
        return Ok(Value::None);
    };
    let d = d.borrow();
    let keys = match keys {
        Value::Tuple(t) => t.0.clone(),
        _ => Vec::new(),
    };
    let mut out = Vec::with_capacity(keys.len() + 1);
    let mut hashes = Vec::with_capacity(keys.len());
    for k in &keys {
        let Some(h) = k.hash_key() else {
            return err(
                ExcClass::TypeError,
                format!("unhashable type: '{}'", k.type_name()),
            );
        };
        if hashes.contains(&h) {
            return err(
                ExcClass::ValueError,
                format!("mapping pattern checks duplicate key ({})", k.repr()),
            );
        }
        match d.get(&h) {
            Some(v) => out.push(v.clone()),
            None => return Ok(Value::None),
        }
        hashes.push(h);
    }
    if rest {
        let mut r = Dict::new();
        for (k, v) in d.iter() {
            if let Some(h) = k.hash_key() {
                if !hashes.contains(&h) {
                    r.insert(h, k.clone(), v.clone());
                }
            }
        }
        crate::runtime::builtins::add_work(d.len());
        out.push(Value::Dict(Rc::new(RefCell::new(r))));
    }
    Ok(Value::new_tuple(out))
}
