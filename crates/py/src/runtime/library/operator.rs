//! `operator`: the function forms of the operators (`operator.add`,
//! `operator.lt`…) and the callables `itemgetter`, `attrgetter` and
//! `methodcaller`, as used for `sorted(key=…)`, `functools.reduce` and `map`.
//!
//! The three callable makers return a bound partial of a private built-in
//! (`operator._itemgetter`) whose first arguments are what was given to the
//! maker, so that calling them needs no object kind of its own.  Each
//! function goes through the same paths as the operator it names, so user
//! classes' dunder methods run as they do for the operator.

use std::rc::Rc;

use loopscope_sim::Sim;

use crate::compile::code::{BinOp, CmpOp};
use crate::front::names::ExcClass;
use crate::runtime::builtins::Args;
use crate::runtime::objects::Obj;
use crate::runtime::ops::{self, err, PyResult};
use crate::runtime::value::Value;
use crate::runtime::vm::{CallOut, Runner};

/// The public names of `operator` that Loopscope models.
pub const NAMES: &[&str] = &[
    "operator.itemgetter",
    "operator.attrgetter",
    "operator.methodcaller",
    "operator.add",
    "operator.sub",
    "operator.mul",
    "operator.truediv",
    "operator.floordiv",
    "operator.mod",
    "operator.pow",
    "operator.neg",
    "operator.pos",
    "operator.eq",
    "operator.ne",
    "operator.lt",
    "operator.le",
    "operator.gt",
    "operator.ge",
    "operator.not_",
    "operator.truth",
    "operator.contains",
    "operator.getitem",
    "operator.index",
    "operator.is_",
    "operator.is_not",
    "operator.and_",
    "operator.or_",
    "operator.xor",
    "operator.abs",
    "operator.iadd",
    "operator.concat",
    "operator.countOf",
    "operator.indexOf",
];

/// Whether comparing `v` may run user code.
fn user_side(v: &Value) -> bool {
    match v {
        Value::Instance(_) => true,
        Value::Exc(e) => e.user.is_some(),
        Value::Class(c) => c.is_enum(),
        _ => false,
    }
}

/// The exact number of positional arguments, or CPython's `TypeError`.
fn arity(a: &Args, short: &str, n: usize) -> PyResult<()> {
    if !a.kw.is_empty() {
        return err(
            ExcClass::TypeError,
            format!("{short}() takes no keyword arguments"),
        );
    }
    if a.pos.len() != n {
        return err(
            ExcClass::TypeError,
            format!(
                "{short} expected {n} argument{}, got {}",
                if n == 1 { "" } else { "s" },
                a.pos.len()
            ),
        );
    }
    Ok(())
}

fn bound(name: &'static str, args: Vec<Value>, kw: Vec<(Rc<str>, Value)>) -> Value {
    Value::Obj(Rc::new(Obj::Partial(Value::Builtin(name), args, kw)))
}

impl Runner {
    /// `a <op> b` as the operator does it, user dunder methods included.
    pub(crate) fn binary_any(
        &mut self,
        sim: &mut Sim<Value>,
        op: BinOp,
        a: &Value,
        b: &Value,
    ) -> PyResult {
        match ops::binary(op, a, b, self.interp.limits.max_collection) {
            Ok(v) => Ok(v),
            Err(e) if matches!(a, Value::Instance(_)) || matches!(b, Value::Instance(_)) => {
                self.binary_user(sim, op, a, b, e)
            }
            Err(e) => Err(e),
        }
    }

    /// `a <cmp> b` as the comparison does it, user dunder methods included.
    pub(crate) fn compare_any(
        &mut self,
        sim: &mut Sim<Value>,
        op: CmpOp,
        a: &Value,
        b: &Value,
    ) -> PyResult {
        if (user_side(a) || user_side(b)) && !matches!(op, CmpOp::Is | CmpOp::IsNot) {
            self.compare_user(sim, op, a, b)
        } else {
            ops::compare(op, a, b)
        }
    }

    /// `c[i]` as the subscript does it (user `__getitem__`, `__missing__`).
    pub(crate) fn getitem_any(&mut self, sim: &mut Sim<Value>, c: &Value, i: &Value) -> PyResult {
        match c {
            Value::Instance(_) => {
                if crate::runtime::instances::dunder(c, "__getitem__").is_none() {
                    return err(
                        ExcClass::TypeError,
                        format!("'{}' object is not subscriptable", c.type_name()),
                    );
                }
                let m = self.get_attr(sim, c, "__getitem__")?;
                self.call_sync(sim, &m, vec![i.clone()])
            }
            _ => match ops::getitem(c, i) {
                Ok(v) => Ok(v),
                Err(e) => self.getitem_fallback(sim, c, i, e),
            },
        }
    }

    /// Whether `v` is true, user `__bool__`/`__len__` included.
    pub(crate) fn truth_any(&mut self, sim: &mut Sim<Value>, v: &Value) -> PyResult<bool> {
        match v {
            Value::Instance(_) => self.user_truthy(sim, v),
            _ => Ok(v.truthy()),
        }
    }

    /// Calls an `operator` function, or one of the callables it makes.
    pub(crate) fn call_operator(
        &mut self,
        sim: &mut Sim<Value>,
        name: &'static str,
        mut a: Args,
    ) -> PyResult<CallOut> {
        let short = &name["operator.".len()..];
        let binop = match short {
            "add" | "iadd" | "concat" => Some(BinOp::Add),
            "sub" => Some(BinOp::Sub),
            "mul" => Some(BinOp::Mul),
            "truediv" => Some(BinOp::Div),
            "floordiv" => Some(BinOp::FloorDiv),
            "mod" => Some(BinOp::Mod),
            "pow" => Some(BinOp::Pow),
            "and_" => Some(BinOp::BitAnd),
            "or_" => Some(BinOp::BitOr),
            "xor" => Some(BinOp::BitXor),
            _ => None,
        };
        if let Some(op) = binop {
            arity(&a, short, 2)?;
            return self
                .binary_any(sim, op, &a.pos[0], &a.pos[1])
                .map(CallOut::Value);
        }
        let cmp = match short {
            "eq" => Some(CmpOp::Eq),
            "ne" => Some(CmpOp::Ne),
            "lt" => Some(CmpOp::Lt),
            "le" => Some(CmpOp::Le),
            "gt" => Some(CmpOp::Gt),
            "ge" => Some(CmpOp::Ge),
            "is_" => Some(CmpOp::Is),
            "is_not" => Some(CmpOp::IsNot),
            _ => None,
        };
        if let Some(op) = cmp {
            arity(&a, short, 2)?;
            return self
                .compare_any(sim, op, &a.pos[0], &a.pos[1])
                .map(CallOut::Value);
        }
        let v = match short {
            "itemgetter" | "attrgetter" => {
                if !a.kw.is_empty() {
                    return err(
                        ExcClass::TypeError,
                        format!("{short}() takes no keyword arguments"),
                    );
                }
                if a.pos.is_empty() {
                    return err(
                        ExcClass::TypeError,
                        format!("{short} expected 1 argument, got 0"),
                    );
                }
                if short == "attrgetter" {
                    for n in &a.pos {
                        if !matches!(n, Value::Str(_)) {
                            return err(ExcClass::TypeError, "attribute name must be a string");
                        }
                    }
                }
                let private = if short == "itemgetter" {
                    "operator._itemgetter"
                } else {
                    "operator._attrgetter"
                };
                bound(private, vec![Value::new_tuple(a.pos)], Vec::new())
            }
            "methodcaller" => {
                if a.pos.is_empty() {
                    return err(
                        ExcClass::TypeError,
                        "methodcaller needs at least one argument, the method name",
                    );
                }
                let method = a.pos.remove(0);
                if !matches!(method, Value::Str(_)) {
                    return err(ExcClass::TypeError, "method name must be a string");
                }
                bound(
                    "operator._methodcaller",
                    vec![method, Value::new_tuple(a.pos)],
                    a.kw,
                )
            }
            "_itemgetter" | "_attrgetter" => {
                // The bound keys, then the object the getter is called with.
                if a.pos.len() != 2 || !a.kw.is_empty() {
                    return err(
                        ExcClass::TypeError,
                        format!(
                            "{} expected 1 argument, got {}",
                            &short[1..],
                            a.pos.len().saturating_sub(1)
                        ),
                    );
                }
                let target = a.pos.pop().unwrap_or(Value::None);
                let Some(Value::Tuple(keys)) = a.pos.pop() else {
                    return err(ExcClass::TypeError, "bad getter");
                };
                let mut out = Vec::with_capacity(keys.len());
                for k in keys.iter() {
                    out.push(if short == "_itemgetter" {
                        self.getitem_any(sim, &target, k)?
                    } else {
                        self.dotted_attr(sim, &target, k)?
                    });
                }
                if out.len() == 1 {
                    out.pop().unwrap_or(Value::None)
                } else {
                    Value::new_tuple(out)
                }
            }
            "_methodcaller" => {
                if a.pos.len() != 3 {
                    return err(
                        ExcClass::TypeError,
                        format!(
                            "methodcaller expected 1 argument, got {}",
                            a.pos.len().saturating_sub(2)
                        ),
                    );
                }
                let target = a.pos.pop().unwrap_or(Value::None);
                let args = match a.pos.pop() {
                    Some(Value::Tuple(t)) => t.to_vec(),
                    _ => Vec::new(),
                };
                let method = a.pos.pop().unwrap_or(Value::None).to_str();
                let m = self.get_attr(sim, &target, &method)?;
                return self.call_value(sim, m, args, a.kw);
            }
            "neg" | "pos" | "abs" => {
                arity(&a, short, 1)?;
                let x = &a.pos[0];
                let dunder = match short {
                    "neg" => "__neg__",
                    "pos" => "__pos__",
                    _ => "__abs__",
                };
                if let Some(r) = self.call_dunder(sim, x, dunder, Vec::new()) {
                    r?
                } else {
                    match short {
                        "neg" => ops::neg(x)?,
                        "pos" => ops::pos(x)?,
                        _ => return self.call_builtin(sim, "abs", a.pos, Vec::new()),
                    }
                }
            }
            "not_" | "truth" => {
                arity(&a, short, 1)?;
                let t = self.truth_any(sim, &a.pos[0])?;
                Value::Bool(if short == "truth" { t } else { !t })
            }
            "contains" => {
                arity(&a, short, 2)?;
                self.compare_any(sim, CmpOp::In, &a.pos[1], &a.pos[0])?
            }
            "countOf" | "indexOf" => {
                arity(&a, short, 2)?;
                let items = self.iterate(sim, &a.pos[0])?;
                let mut n = 0i64;
                for (i, x) in items.iter().enumerate() {
                    let same =
                        x.is(&a.pos[1]) || self.compare_any(sim, CmpOp::Eq, x, &a.pos[1])?.truthy();
                    if same {
                        if short == "indexOf" {
                            return Ok(CallOut::Value(Value::Int(i as i64)));
                        }
                        n += 1;
                    }
                }
                if short == "indexOf" {
                    return err(ExcClass::ValueError, "sequence.index(x): x not in sequence");
                }
                Value::Int(n)
            }
            "getitem" => {
                arity(&a, short, 2)?;
                self.getitem_any(sim, &a.pos[0], &a.pos[1])?
            }
            "index" => {
                arity(&a, short, 1)?;
                match &a.pos[0] {
                    Value::Int(_) | Value::Big(_) => a.pos[0].clone(),
                    Value::Bool(b) => Value::Int(*b as i64),
                    x @ Value::Instance(_) => {
                        match self.call_dunder(sim, x, "__index__", Vec::new()) {
                            Some(r) => r?,
                            None => {
                                return err(
                                    ExcClass::TypeError,
                                    format!(
                                        "'{}' object cannot be interpreted as an integer",
                                        x.type_name()
                                    ),
                                )
                            }
                        }
                    }
                    x => {
                        return err(
                            ExcClass::TypeError,
                            format!(
                                "'{}' object cannot be interpreted as an integer",
                                x.type_name()
                            ),
                        )
                    }
                }
            }
            _ => {
                return err(
                    ExcClass::AttributeError,
                    format!("`{name}` is not supported yet"),
                )
            }
        };
        Ok(CallOut::Value(v))
    }

    /// `attrgetter`'s lookup: `"a.b.c"` follows each attribute in turn.
    fn dotted_attr(&mut self, sim: &mut Sim<Value>, target: &Value, name: &Value) -> PyResult {
        let name = name.to_str();
        let mut v = target.clone();
        for part in name.split('.') {
            v = self.get_attr(sim, &v, part)?;
        }
        Ok(v)
    }
}
