//! `X | Y` between classes: CPython's `types.UnionType` (`int | None`),
//! which `isinstance` and `issubclass` take as they take a tuple of types.
//! Annotations are not evaluated, so a union is made only where a program
//! writes one in an expression (`isinstance(x, int | str)`).

use std::rc::Rc;

use crate::runtime::objects::Obj;
use crate::runtime::value::Value;

/// Whether `v` can stand in a union: a class, `None`, or a union.
fn member(v: &Value) -> bool {
    match v {
        Value::Type(_) | Value::Class(_) | Value::ExcType(_) | Value::None => true,
        Value::Obj(o) => matches!(&**o, Obj::NtClass(_) | Obj::Union(_)),
        _ => false,
    }
}

/// The members of a union, or the value itself.
pub(crate) fn members(v: &Value) -> Vec<Value> {
    match v {
        Value::Obj(o) => match &**o {
            Obj::Union(m) => m.clone(),
            _ => vec![v.clone()],
        },
        _ => vec![v.clone()],
    }
}

/// `a | b` when both sides are classes (or `None`, with a class on the
/// other side); `None` when `|` means something else.  Members are
/// flattened and repeated ones dropped, and a union of one member is that
/// member, as in CPython (`int | int is int`).
pub(crate) fn union(a: &Value, b: &Value) -> Option<Value> {
    if !member(a) || !member(b) || (matches!(a, Value::None) && matches!(b, Value::None)) {
        return None;
    }
    let mut out: Vec<Value> = Vec::new();
    for m in members(a).into_iter().chain(members(b)) {
        if !out.iter().any(|x| same(x, &m)) {
            out.push(m);
        }
    }
    Some(if out.len() == 1 {
        out.remove(0)
    } else {
        Value::Obj(Rc::new(Obj::Union(out)))
    })
}

/// Whether two members are the same class.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Type(x), Value::Type(y)) => x == y,
        (Value::ExcType(x), Value::ExcType(y)) => x == y,
        (Value::None, Value::None) => true,
        _ => a.is(b),
    }
}

/// Whether two unions have the same members, in any order.
pub(crate) fn equal(a: &[Value], b: &[Value]) -> bool {
    a.len() == b.len() && a.iter().all(|x| b.iter().any(|y| same(x, y)))
}

/// `repr(int | None)`: `int | None`, a class of the program as
/// `__main__.Name`.
pub(crate) fn repr(members: &[Value]) -> String {
    let names: Vec<String> = members
        .iter()
        .map(|m| match m {
            Value::Type(t) => t.to_string(),
            Value::ExcType(e) => e.name().to_string(),
            Value::None => "None".to_string(),
            Value::Class(c) => format!("__main__.{}", c.qualname),
            Value::Obj(o) => match &**o {
                Obj::NtClass(c) => format!("__main__.{}", c.name),
                _ => m.repr(),
            },
            other => other.repr(),
        })
        .collect();
    names.join(" | ")
}
