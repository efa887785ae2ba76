//! The class helpers of `functools` and `dataclasses` that work on user
//! classes: `functools.cached_property`, `functools.total_ordering` and
//! `dataclasses.replace`.
//!
//! `cached_property` is a property whose getter is a bound partial of
//! `functools._cached_get`: the first read computes the value and stores it
//! as an instance attribute of the same name, which instance lookups find
//! first from then on, as CPython's instance `__dict__` does.  Assignment
//! and `del` work on that attribute, so `del obj.prop` clears the cache.
//!
//! `total_ordering` fills in the missing comparisons with bound partials of
//! `functools._ordering`, which bind to the instance like functions and
//! derive their answer from the class's root comparison exactly as
//! CPython's `_gt_from_lt` and friends do (`NotImplemented` passes through).

use std::rc::Rc;

use loopscope_sim::Sim;

use crate::compile::code::CmpOp;
use crate::front::names::ExcClass;
use crate::runtime::builtins::Args;
use crate::runtime::objects::Obj;
use crate::runtime::ops::{err, PyResult};
use crate::runtime::value::Value;
use crate::runtime::vm::Runner;

/// The comparisons `total_ordering` knows, in CPython's `_convert` order:
/// each root, and the methods derived from it.
const CONVERT: &[(&str, [&str; 3])] = &[
    ("__lt__", ["__gt__", "__le__", "__ge__"]),
    ("__le__", ["__ge__", "__lt__", "__gt__"]),
    ("__gt__", ["__lt__", "__ge__", "__le__"]),
    ("__ge__", ["__le__", "__gt__", "__lt__"]),
];

/// Whether a property getter is `cached_property`'s.
pub(crate) fn is_cached_getter(g: &Value) -> bool {
    matches!(g, Value::Obj(o) if matches!(&**o, Obj::Partial(Value::Builtin("functools._cached_get"), ..)))
}

/// Whether `v` is a method `total_ordering` made, which binds like a function.
pub(crate) fn is_ordering_method(v: &Value) -> bool {
    matches!(v, Value::Obj(o) if matches!(&**o, Obj::Partial(Value::Builtin("functools._ordering"), ..)))
}

fn partial(name: &'static str, args: Vec<Value>) -> Value {
    Value::Obj(Rc::new(Obj::Partial(
        Value::Builtin(name),
        args,
        Vec::new(),
    )))
}

impl Runner {
    /// `functools.cached_property`, `total_ordering` and their private helpers.
    pub(crate) fn call_classtools(
        &mut self,
        sim: &mut Sim<Value>,
        name: &str,
        mut a: Args,
    ) -> PyResult {
        match name {
            "functools.cached_property" => {
                a.arity("cached_property", 1, 1)?;
                let f = a.pos.remove(0);
                // CPython names the cache after the attribute the descriptor
                // is assigned to; a decorated function's own name is that name.
                let fname = self.get_attr(sim, &f, "__name__")?;
                Ok(Value::Obj(Rc::new(Obj::Property(
                    partial("functools._cached_get", vec![f, fname]),
                    Value::None,
                ))))
            }
            "functools._cached_get" => {
                // The function, the attribute name, then the instance.
                if a.pos.len() != 3 {
                    return err(ExcClass::TypeError, "cached_property takes one instance");
                }
                let recv = a.pos.pop().unwrap_or(Value::None);
                let attr = a.pos.pop().unwrap_or(Value::None).to_str();
                let f = a.pos.pop().unwrap_or(Value::None);
                let v = self.call_sync(sim, &f, vec![recv.clone()])?;
                if let Value::Instance(i) = &recv {
                    i.set(&Rc::from(attr.as_str()), v.clone());
                }
                Ok(v)
            }
            "functools.total_ordering" => {
                a.arity("total_ordering", 1, 1)?;
                let cls = a.pos.remove(0);
                let Value::Class(c) = &cls else {
                    return err(
                        ExcClass::ValueError,
                        "must define at least one ordering operation: < > <= >=",
                    );
                };
                let defined: Vec<&str> = CONVERT
                    .iter()
                    .map(|(r, _)| *r)
                    .filter(|r| c.lookup(r).is_some())
                    .collect();
                // CPython's root is `max(roots)` by name: `__lt__` first,
                // then `__le__`, `__gt__`, `__ge__`, which is CONVERT's order.
                let Some(root) = defined.first().copied() else {
                    return err(
                        ExcClass::ValueError,
                        "must define at least one ordering operation: < > <= >=",
                    );
                };
                let derived = CONVERT
                    .iter()
                    .find(|(r, _)| *r == root)
                    .map(|(_, d)| *d)
                    .unwrap_or_default();
                for op in derived {
                    if !defined.contains(&op) {
                        c.set_attr(
                            Rc::from(op),
                            partial(
                                "functools._ordering",
                                vec![Value::str(root), Value::str(op)],
                            ),
                        );
                    }
                }
                Ok(cls)
            }
            "functools._ordering" => {
                if a.pos.len() != 4 {
                    return err(
                        ExcClass::TypeError,
                        format!("expected 1 argument, got {}", a.pos.len().saturating_sub(3)),
                    );
                }
                let other = a.pos.pop().unwrap_or(Value::None);
                let recv = a.pos.pop().unwrap_or(Value::None);
                let op = a.pos.pop().unwrap_or(Value::None).to_str();
                let root = a.pos.pop().unwrap_or(Value::None).to_str();
                self.derived_compare(sim, &root, &op, &recv, &other)
            }
            _ => err(
                ExcClass::AttributeError,
                format!("`{name}` is not supported yet"),
            ),
        }
    }

    /// One of CPython's `_<op>_from_<root>` functions.
    fn derived_compare(
        &mut self,
        sim: &mut Sim<Value>,
        root: &str,
        op: &str,
        recv: &Value,
        other: &Value,
    ) -> PyResult {
        let r = match self.call_dunder(sim, recv, root, vec![other.clone()]) {
            Some(r) => r?,
            None => Value::Builtin("NotImplemented"),
        };
        if matches!(r, Value::Builtin("NotImplemented")) {
            return Ok(r);
        }
        let t = self.truth_any(sim, &r)?;
        // Which of the three shapes applies: `not r`, `r or self == other`,
        // `r and self != other` (or `not r and self != other`,
        // `not r or self == other`).
        let out = match (root, op) {
            ("__lt__", "__ge__")
            | ("__le__", "__gt__")
            | ("__gt__", "__le__")
            | ("__ge__", "__lt__") => Value::Bool(!t),
            ("__lt__", "__le__") | ("__gt__", "__ge__") => {
                if t {
                    r
                } else {
                    self.compare_any(sim, CmpOp::Eq, recv, other)?
                }
            }
            ("__le__", "__lt__") | ("__ge__", "__gt__") => {
                if !t {
                    r
                } else {
                    self.compare_any(sim, CmpOp::Ne, recv, other)?
                }
            }
            ("__lt__", "__gt__") | ("__gt__", "__lt__") => {
                if t {
                    Value::Bool(false)
                } else {
                    self.compare_any(sim, CmpOp::Ne, recv, other)?
                }
            }
            // `_ge_from_le` and `_le_from_ge`: `not r or self == other`.
            _ => {
                if !t {
                    Value::Bool(true)
                } else {
                    self.compare_any(sim, CmpOp::Eq, recv, other)?
                }
            }
        };
        Ok(out)
    }

    /// `dataclasses.replace(obj, **changes)`: a new instance made through
    /// the class's `__init__` (so `__post_init__` runs), with the fields
    /// that `__init__` takes read from `obj` unless changed.
    pub(crate) fn dataclass_replace(&mut self, sim: &mut Sim<Value>, mut a: Args) -> PyResult {
        if a.pos.len() != 1 {
            return err(
                ExcClass::TypeError,
                format!(
                    "replace() takes 1 positional argument but {} were given",
                    a.pos.len()
                ),
            );
        }
        let obj = a.pos.remove(0);
        let Value::Instance(i) = &obj else {
            return err(
                ExcClass::TypeError,
                "replace() should be called on dataclass instances",
            );
        };
        let Some(dc) = i.class.dataclass() else {
            return err(
                ExcClass::TypeError,
                "replace() should be called on dataclass instances",
            );
        };
        let mut kwargs = Vec::with_capacity(dc.fields.len());
        for f in &dc.fields {
            let given = a.kw.iter().position(|(k, _)| **k == *f.name);
            if !f.init {
                if given.is_some() {
                    return err(
                        ExcClass::ValueError,
                        format!(
                            "field {} is declared with init=False, it cannot be specified with replace()",
                            f.name
                        ),
                    );
                }
                continue;
            }
            let v = match given {
                Some(p) => a.kw.remove(p).1,
                None => match i.get(&f.name) {
                    Some(v) => v,
                    None => self.get_attr(sim, &obj, &f.name)?,
                },
            };
            kwargs.push((f.name.clone(), v));
        }
        // Names that are no field go to `__init__`, which rejects them
        // with CPython's message.
        kwargs.append(&mut a.kw);
        self.call_sync_kw(sim, &Value::Class(i.class.clone()), Vec::new(), kwargs)
    }
}
