//! Operators on values: arithmetic, comparison, containment and indexing,
//! with Python's semantics (floor division, big ints, error messages).

use std::cmp::Ordering;
use std::rc::Rc;

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};

use crate::compile::code::{BinOp, CmpOp};
use crate::front::names::ExcClass;
use crate::runtime::exc::Exc;
use crate::runtime::num::{cmp_int_float, float_divmod, float_of, int_to_f64};
use crate::runtime::value::{range_len, Value};

/// An operation's result: a value, or the exception to raise.
pub type PyResult<T = Value> = Result<T, Value>;

/// Raises `class(msg)`.
pub fn err<T>(class: ExcClass, msg: impl Into<String>) -> PyResult<T> {
    Err(Exc::value(class, msg))
}

fn type_err<T>(op: BinOp, a: &Value, b: &Value) -> PyResult<T> {
    err(
        ExcClass::TypeError,
        format!(
            "unsupported operand type(s) for {}: '{}' and '{}'",
            op.symbol(),
            a.type_name(),
            b.type_name()
        ),
    )
}

fn big(a: &Value) -> BigInt {
    a.as_bigint().unwrap_or_default()
}

fn is_int(v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::Big(_) | Value::Bool(_))
}

fn floor_div_i64(a: i64, b: i64) -> Option<i64> {
    let q = a.checked_div(b)?;
    if (a % b != 0) && ((a < 0) != (b < 0)) {
        Some(q - 1)
    } else {
        Some(q)
    }
}

fn mod_i64(a: i64, b: i64) -> Option<i64> {
    let r = a.checked_rem(b)?;
    if r != 0 && ((r < 0) != (b < 0)) {
        Some(r + b)
    } else {
        Some(r)
    }
}

fn big_floor_div(a: &BigInt, b: &BigInt) -> BigInt {
    use num_integer::Integer;
    a.div_floor(b)
}

fn big_mod(a: &BigInt, b: &BigInt) -> BigInt {
    use num_integer::Integer;
    a.mod_floor(b)
}

/// Binary arithmetic (`a op b`).
pub fn binary(op: BinOp, a: &Value, b: &Value, max_len: usize) -> PyResult {
    match binary_builtin(op, a, b, max_len) {
        // Datetime arithmetic, off the path of the built-in types.
        Err(e) if matches!(a, Value::Obj(_)) || matches!(b, Value::Obj(_)) => {
            crate::runtime::library::datetime::binary(op, a, b).unwrap_or(Err(e))
        }
        Err(e) if matches!((a, b), (Value::Dict(_), Value::Dict(_))) => {
            crate::runtime::library::collections::counter_binary(op, a, b).unwrap_or(Err(e))
        }
        r => r,
    }
}

fn binary_builtin(op: BinOp, a: &Value, b: &Value, max_len: usize) -> PyResult {
    use Value::*;
    // Fast path: two small ints.
    if let (Int(x), Int(y)) = (a, b) {
        let (x, y) = (*x, *y);
        let r = match op {
            BinOp::Add => x.checked_add(y),
            BinOp::Sub => x.checked_sub(y),
            BinOp::Mul => x.checked_mul(y),
            BinOp::FloorDiv => {
                if y == 0 {
                    return err(
                        ExcClass::ZeroDivisionError,
                        "integer division or modulo by zero",
                    );
                }
                floor_div_i64(x, y)
            }
            BinOp::Mod => {
                if y == 0 {
                    return err(ExcClass::ZeroDivisionError, "integer modulo by zero");
                }
                mod_i64(x, y)
            }
            BinOp::Div => {
                if y == 0 {
                    return err(ExcClass::ZeroDivisionError, "division by zero");
                }
                return Ok(Float(int_true_div(&BigInt::from(x), &BigInt::from(y))?));
            }
            BinOp::BitAnd => Some(x & y),
            BinOp::BitOr => Some(x | y),
            BinOp::BitXor => Some(x ^ y),
            BinOp::LShift => {
                if y < 0 {
                    return err(ExcClass::ValueError, "negative shift count");
                }
                if y < 63 && (x.unsigned_abs() >> (62 - y)) == 0 {
                    Some(x << y)
                } else {
                    Option::None
                }
            }
            BinOp::RShift => {
                if y < 0 {
                    return err(ExcClass::ValueError, "negative shift count");
                }
                Some(if y >= 64 {
                    if x < 0 {
                        -1
                    } else {
                        0
                    }
                } else {
                    x >> y
                })
            }
            BinOp::Pow => {
                if y < 0 {
                    // A negative exponent makes a float power, as in CPython.
                    return float_binary(op, x as f64, y as f64, a, b);
                }
                u32::try_from(y).ok().and_then(|e| x.checked_pow(e))
            }
            BinOp::MatMul => return type_err(op, a, b),
        };
        if let Some(r) = r {
            return Ok(Int(r));
        }
        return big_binary(op, &BigInt::from(x), &BigInt::from(y));
    }
    match (a, b) {
        (Float(x), Float(y)) => float_binary(op, *x, *y, a, b),
        (Float(x), _) if is_int(b) => {
            float_binary(op, *x, float_of(b)?.ok_or_else(overflow_value)?, a, b)
        }
        (_, Float(y)) if is_int(a) => {
            float_binary(op, float_of(a)?.ok_or_else(overflow_value)?, *y, a, b)
        }
        _ if is_int(a) && is_int(b) => big_binary(op, &big(a), &big(b)),
        (Str(x), Str(y)) if op == BinOp::Add => {
            if x.len() + y.len() > max_len {
                return err(
                    ExcClass::MemoryError,
                    format!("string longer than the limit of {max_len} characters"),
                );
            }
            let mut s = String::with_capacity(x.len() + y.len());
            s.push_str(x);
            s.push_str(y);
            Ok(Value::str(&s))
        }
        (List(x), List(y)) if op == BinOp::Add => {
            let mut v = x.borrow().clone();
            v.extend(y.borrow().iter().cloned());
            Ok(Value::new_list(v))
        }
        (Tuple(x), Tuple(y)) if op == BinOp::Add => {
            let mut v = (**x).clone();
            v.extend(y.iter().cloned());
            Ok(Value::new_tuple(v))
        }
        (Str(_) | List(_) | Tuple(_), _) if op == BinOp::Mul && is_int(b) => repeat(a, b, max_len),
        (_, Str(_) | List(_) | Tuple(_)) if op == BinOp::Mul && is_int(a) => repeat(b, a, max_len),
        (Set(x), Set(y))
            if matches!(
                op,
                BinOp::BitOr | BinOp::BitAnd | BinOp::Sub | BinOp::BitXor
            ) =>
        {
            let x = x.borrow();
            let y = y.borrow();
            let mut out = crate::runtime::value::Dict::new();
            match op {
                BinOp::BitOr => {
                    for (k, _) in x.iter().chain(y.iter()) {
                        if let Some(h) = k.hash_key() {
                            out.insert(h, k.clone(), Value::None);
                        }
                    }
                }
                BinOp::BitAnd => {
                    for (k, _) in x.iter() {
                        if let Some(h) = k.hash_key() {
                            if y.get(&h).is_some() {
                                out.insert(h, k.clone(), Value::None);
                            }
                        }
                    }
                }
                BinOp::Sub => {
                    for (k, _) in x.iter() {
                        if let Some(h) = k.hash_key() {
                            if y.get(&h).is_none() {
                                out.insert(h, k.clone(), Value::None);
                            }
                        }
                    }
                }
                _ => {
                    for (k, _) in x.iter() {
                        if let Some(h) = k.hash_key() {
                            if y.get(&h).is_none() {
                                out.insert(h, k.clone(), Value::None);
                            }
                        }
                    }
                    for (k, _) in y.iter() {
                        if let Some(h) = k.hash_key() {
                            if x.get(&h).is_none() {
                                out.insert(h, k.clone(), Value::None);
                            }
                        }
                    }
                }
            }
            Ok(Set(Rc::new(std::cell::RefCell::new(out))))
        }
        (Dict(x), Dict(y)) if op == BinOp::BitOr => {
            let mut d = x.borrow().clone();
            for (k, v) in y.borrow().iter() {
                if let Some(h) = k.hash_key() {
                    d.insert(h, k.clone(), v.clone());
                }
            }
            Ok(Dict(Rc::new(std::cell::RefCell::new(d))))
        }
        (Str(_) | List(_) | Tuple(_), _) if op == BinOp::Add => {
            let t = a.type_name();
            err(
                ExcClass::TypeError,
                format!(
                    "can only concatenate {t} (not \"{}\") to {t}",
                    b.type_name()
                ),
            )
        }
        (Str(_) | List(_) | Tuple(_), _) | (_, Str(_) | List(_) | Tuple(_)) if op == BinOp::Mul => {
            let other = if matches!(a, Str(_) | List(_) | Tuple(_)) {
                b
            } else {
                a
            };
            err(
                ExcClass::TypeError,
                format!(
                    "can't multiply sequence by non-int of type '{}'",
                    other.type_name()
                ),
            )
        }
        _ => type_err(op, a, b),
    }
}

fn overflow_value() -> Value {
    Exc::value(ExcClass::OverflowError, "int too large to convert to float")
}

fn repeat(seq: &Value, n: &Value, max_len: usize) -> PyResult {
    let n = n
        .as_i64()
        .unwrap_or(if n.as_bigint().map(|b| b.is_negative()).unwrap_or(true) {
            0
        } else {
            i64::MAX
        });
    let n = n.max(0) as usize;
    match seq {
        Value::Str(s) => {
            if s.len().saturating_mul(n) > max_len {
                return err(
                    ExcClass::MemoryError,
                    format!("string longer than the limit of {max_len} characters"),
                );
            }
            // Copying bytes is cheap: a sixteenth of an operation each.
            crate::runtime::builtins::add_work(s.len().saturating_mul(n) / 16);
            Ok(Value::str(&s.repeat(n)))
        }
        Value::List(l) => {
            let l = l.borrow();
            if l.len().saturating_mul(n) > max_len {
                return err(
                    ExcClass::MemoryError,
                    format!("list larger than the limit of {max_len} items"),
                );
            }
            crate::runtime::builtins::add_work(l.len() * n);
            let mut v = Vec::with_capacity(l.len() * n);
            for _ in 0..n {
                v.extend(l.iter().cloned());
            }
            Ok(Value::new_list(v))
        }
        Value::Tuple(t) => {
            if t.len().saturating_mul(n) > max_len {
                return err(
                    ExcClass::MemoryError,
                    format!("tuple larger than the limit of {max_len} items"),
                );
            }
            crate::runtime::builtins::add_work(t.len() * n);
            let mut v = Vec::with_capacity(t.len() * n);
            for _ in 0..n {
                v.extend(t.iter().cloned());
            }
            Ok(Value::new_tuple(v))
        }
        _ => err(ExcClass::TypeError, "can't multiply sequence"),
    }
}

/// Correctly rounded int / int, as Python computes it.
pub(crate) fn int_true_div(a: &BigInt, b: &BigInt) -> PyResult<f64> {
    if let (Some(x), Some(y)) = (a.to_i64(), b.to_i64()) {
        if x.unsigned_abs() < (1 << 53) && y.unsigned_abs() < (1 << 53) {
            // Both are exact as floats, so one float division rounds correctly.
            return Ok(x as f64 / y as f64);
        }
    }
    // Like CPython, divide exactly and round once: scale the numerator so
    // the integer quotient has 55 or 56 bits, then round it to 53 with the
    // remainder as the sticky bit.
    let negative = a.is_negative() != b.is_negative();
    let (n, d) = (a.magnitude(), b.magnitude());
    if n.is_zero() {
        return Ok(if negative { -0.0 } else { 0.0 });
    }
    let shift = 55 - (n.bits() as i64 - d.bits() as i64);
    let (n, d) = if shift >= 0 {
        (n << shift as u64, d.clone())
    } else {
        (n.clone(), d << shift.unsigned_abs())
    };
    let (q, r) = num_integer::Integer::div_rem(&n, &d);
    let extra = q.bits().saturating_sub(53);
    let low = (&q & ((num_bigint::BigUint::from(1u8) << extra) - 1u8))
        .to_u64()
        .unwrap_or(0);
    let mut m = (&q >> extra).to_u64().unwrap_or(0);
    let half = if extra > 0 { 1u64 << (extra - 1) } else { 0 };
    if extra > 0 && (low > half || (low == half && (!r.is_zero() || m & 1 == 1))) {
        m += 1;
    }
    // m · 2^(extra − shift), scaled in two steps so that no partial power overflows.
    let exp = extra as i64 - shift;
    let half_exp = (exp / 2) as i32;
    let v = (m as f64) * 2f64.powi(half_exp) * 2f64.powi(exp as i32 - half_exp);
    if v.is_infinite() {
        return err(
            ExcClass::OverflowError,
            "integer division result too large for a float",
        );
    }
    Ok(if negative { -v } else { v })
}

fn big_binary(op: BinOp, x: &BigInt, y: &BigInt) -> PyResult {
    let r = match op {
        BinOp::Add => x + y,
        BinOp::Sub => x - y,
        BinOp::Mul => {
            if x.bits() + y.bits() > 1_000_000 {
                return err(
                    ExcClass::OverflowError,
                    "int result too large (over a million bits)",
                );
            }
            x * y
        }
        BinOp::FloorDiv => {
            if y.is_zero() {
                return err(
                    ExcClass::ZeroDivisionError,
                    "integer division or modulo by zero",
                );
            }
            big_floor_div(x, y)
        }
        BinOp::Mod => {
            if y.is_zero() {
                return err(ExcClass::ZeroDivisionError, "integer modulo by zero");
            }
            big_mod(x, y)
        }
        BinOp::Div => {
            if y.is_zero() {
                return err(ExcClass::ZeroDivisionError, "division by zero");
            }
            return Ok(Value::Float(int_true_div(x, y)?));
        }
        BinOp::Pow => {
            if y.is_negative() {
                // A negative exponent makes a float power, as in CPython:
                // both operands are converted (raising if too large).
                let (fx, fy) = (int_to_f64(x)?, int_to_f64(y)?);
                return float_binary(op, fx, fy, &Value::Float(fx), &Value::Float(fy));
            }
            let e = y.to_u32().unwrap_or(u32::MAX);
            if (x.bits() as f64) * (e as f64) > 1_000_000.0 && x.bits() > 1 {
                return err(
                    ExcClass::OverflowError,
                    "int result too large (over a million bits)",
                );
            }
            num_traits::pow::Pow::pow(x, e)
        }
        BinOp::BitAnd => x & y,
        BinOp::BitOr => x | y,
        BinOp::BitXor => x ^ y,
        BinOp::LShift => {
            let s = y.to_u64().unwrap_or(u64::MAX);
            if s > 1_000_000 {
                return err(
                    ExcClass::OverflowError,
                    "int result too large (over a million bits)",
                );
            }
            x << s
        }
        BinOp::RShift => {
            let s = y.to_u64().unwrap_or(u64::MAX).min(1 << 20);
            x >> s
        }
        BinOp::MatMul => {
            return err(
                ExcClass::TypeError,
                "unsupported operand type(s) for @: 'int' and 'int'",
            )
        }
    };
    Ok(Value::from_big(r))
}

fn float_binary(op: BinOp, x: f64, y: f64, a: &Value, b: &Value) -> PyResult {
    let r = match op {
        BinOp::Add => x + y,
        BinOp::Sub => x - y,
        BinOp::Mul => x * y,
        BinOp::Div => {
            if y == 0.0 {
                return err(ExcClass::ZeroDivisionError, "float division by zero");
            }
            x / y
        }
        BinOp::FloorDiv => {
            if y == 0.0 {
                return err(ExcClass::ZeroDivisionError, "float floor division by zero");
            }
            float_divmod(x, y).0
        }
        BinOp::Mod => {
            if y == 0.0 {
                return err(ExcClass::ZeroDivisionError, "float modulo");
            }
            float_divmod(x, y).1
        }
        BinOp::Pow => {
            if x == 0.0 && y < 0.0 {
                return err(
                    ExcClass::ZeroDivisionError,
                    "0.0 cannot be raised to a negative power",
                );
            }
            if x < 0.0 && x.is_finite() && y.is_finite() && y.fract() != 0.0 {
                // CPython returns a complex number here; the subset has none.
                return err(
                    ExcClass::ValueError,
                    format!(
                        "complex numbers are not supported: ({}) ** {} has a complex result",
                        Value::Float(x).repr(),
                        Value::Float(y).repr()
                    ),
                );
            }
            let r = x.powf(y);
            if r.is_infinite() && x.is_finite() && y.is_finite() {
                return err(
                    ExcClass::OverflowError,
                    "(34, 'Numerical result out of range')",
                );
            }
            r
        }
        _ => return type_err(op, a, b),
    };
    Ok(Value::Float(r))
}

/// `a == b`.
pub fn eq(a: &Value, b: &Value) -> PyResult<bool> {
    eq_depth(a, b, 0)
}

/// The index of the first item equal to `x`, as `list.index` finds it.
pub fn position(items: &[Value], x: &Value) -> PyResult<Option<usize>> {
    for (i, v) in items.iter().enumerate() {
        if eq(v, x)? {
            crate::runtime::builtins::add_work(i);
            return Ok(Some(i));
        }
    }
    crate::runtime::builtins::add_work(items.len());
    Ok(None)
}

/// How many items equal `x`, as `list.count` counts them.
pub fn count(items: &[Value], x: &Value) -> PyResult<usize> {
    let mut n = 0;
    for v in items {
        n += usize::from(eq(v, x)?);
    }
    crate::runtime::builtins::add_work(items.len());
    Ok(n)
}

/// How deep comparisons follow containers inside containers before raising
/// `RecursionError`, as CPython's recursion limit makes them do; kept well
/// below CPython's (about 1 500) for the native stack, small in the browser.
const MAX_COMPARE_DEPTH: usize = 200;

/// The error CPython raises when comparing structures nested too deep.
fn too_deep<T>() -> PyResult<T> {
    err(
        ExcClass::RecursionError,
        "maximum recursion depth exceeded in comparison",
    )
}

/// `a == b`, raising `RecursionError` on containers nested deeper than
/// [`MAX_COMPARE_DEPTH`] instead of exhausting the native stack.
fn eq_depth(a: &Value, b: &Value, depth: usize) -> PyResult<bool> {
    use Value::*;
    if depth > MAX_COMPARE_DEPTH {
        return too_deep();
    }
    let all_eq = |x: &[Value], y: &[Value]| -> PyResult<bool> {
        if x.len() != y.len() {
            return Ok(false);
        }
        for (p, q) in x.iter().zip(y.iter()) {
            if !eq_depth(p, q, depth + 1)? {
                return Ok(false);
            }
        }
        Ok(true)
    };
    Ok(match (a, b) {
        (Int(x), Int(y)) => x == y,
        (Str(x), Str(y)) => x == y,
        (Value::None, Value::None) => true,
        (Float(x), Float(y)) => x == y,
        (Float(x), _) if is_int(b) => cmp_int_float(b, *x) == Some(Ordering::Equal),
        (_, Float(_)) if is_int(a) => return eq_depth(b, a, depth),
        _ if is_int(a) && is_int(b) => big(a) == big(b),
        (List(x), List(y)) => {
            if Rc::ptr_eq(x, y) {
                return Ok(true);
            }
            // Comparisons run no user code, so the borrows cannot conflict.
            let (x, y) = (x.borrow(), y.borrow());
            return all_eq(&x, &y);
        }
        (Tuple(x), Tuple(y)) => return all_eq(x, y),
        (Dict(x), Dict(y)) => {
            let (x, y) = (x.borrow(), y.borrow());
            if x.len() != y.len() {
                return Ok(false);
            }
            for (k, v) in x.iter() {
                let Some(w) = k.hash_key().and_then(|h| y.get(&h)) else {
                    return Ok(false);
                };
                if !eq_depth(v, w, depth + 1)? {
                    return Ok(false);
                }
            }
            true
        }
        (Set(x), Set(y)) => {
            let (x, y) = (x.borrow(), y.borrow());
            x.len() == y.len()
                && x.iter()
                    .all(|(k, _)| k.hash_key().map(|h| y.get(&h).is_some()).unwrap_or(false))
        }
        // Ranges are equal when they stand for the same sequence.
        (Range(x), Range(y)) => {
            crate::runtime::value::range_key(x.0, x.1, x.2)
                == crate::runtime::value::range_key(y.0, y.1, y.2)
        }
        (Obj(_), Obj(_)) if crate::runtime::library::datetime::eq(a, b).is_some() => {
            crate::runtime::library::datetime::eq(a, b).unwrap_or(false)
        }
        (Obj(x), Obj(y))
            if matches!(
                (&**x, &**y),
                (
                    crate::runtime::objects::Obj::Union(_),
                    crate::runtime::objects::Obj::Union(_)
                )
            ) =>
        {
            crate::runtime::union::equal(
                &crate::runtime::union::members(a),
                &crate::runtime::union::members(b),
            )
        }
        // A namedtuple equals the tuple of its items.
        (Obj(_), Tuple(_) | Obj(_)) | (Tuple(_), Obj(_)) => {
            match (
                crate::runtime::library::namedtuple::as_tuple(a),
                crate::runtime::library::namedtuple::as_tuple(b),
            ) {
                (Some(x), Some(y)) => return all_eq(&x, &y),
                _ => a.is(b) || (a.identity() != 0 && a.identity() == b.identity()),
            }
        }
        (Instance(_), _) | (_, Instance(_)) => {
            // An `IntEnum` member equals its value; a dataclass compares its
            // fields with an instance of the same class.
            if let Some(x) = crate::runtime::instances::int_enum_value(a) {
                return eq_depth(&x, b, depth + 1);
            }
            if let Some(y) = crate::runtime::instances::int_enum_value(b) {
                return eq_depth(a, &y, depth + 1);
            }
            match crate::runtime::instances::dataclass_fields(a, b, false) {
                Some((x, y)) => return all_eq(&x, &y),
                Option::None => a.is(b),
            }
        }
        _ => a.is(b) || (a.identity() != 0 && a.identity() == b.identity()),
    })
}

/// Orders two values for `<` and friends, or raises `TypeError`.
pub fn compare_order(a: &Value, b: &Value, sym: &str) -> PyResult<Ordering> {
    compare_depth(a, b, sym, 0)
}

fn compare_depth(a: &Value, b: &Value, sym: &str, depth: usize) -> PyResult<Ordering> {
    use Value::*;
    if depth > MAX_COMPARE_DEPTH {
        return too_deep();
    }
    match (a, b) {
        (Int(x), Int(y)) => Ok(x.cmp(y)),
        (Float(x), Float(y)) => Ok(x.partial_cmp(y).unwrap_or(Ordering::Equal)),
        (Float(_), _) | (_, Float(_)) if mixed_cmp(a, b).is_some() => {
            // NaN is unordered; sorting and `min`/`max` treat it as equal.
            Ok(mixed_cmp(a, b).flatten().unwrap_or(Ordering::Equal))
        }
        _ if is_int(a) && is_int(b) => Ok(big(a).cmp(&big(b))),
        (Str(x), Str(y)) => Ok(x.cmp(y)),
        (List(x), List(y)) => seq_cmp(&x.borrow(), &y.borrow(), sym, depth),
        (Tuple(x), Tuple(y)) => seq_cmp(x, y, sym, depth),
        (Obj(_), Obj(_)) if crate::runtime::library::datetime::order(a, b).is_some() => {
            crate::runtime::library::datetime::order(a, b).unwrap_or(Ok(Ordering::Equal))
        }
        (Obj(_), Tuple(_) | Obj(_)) | (Tuple(_), Obj(_))
            if crate::runtime::library::namedtuple::as_tuple(a).is_some()
                && crate::runtime::library::namedtuple::as_tuple(b).is_some() =>
        {
            match (
                crate::runtime::library::namedtuple::as_tuple(a),
                crate::runtime::library::namedtuple::as_tuple(b),
            ) {
                (Some(x), Some(y)) => seq_cmp(&x, &y, sym, depth),
                _ => Ok(Ordering::Equal),
            }
        }
        (Instance(_), _) | (_, Instance(_))
            if crate::runtime::instances::int_enum_value(a).is_some()
                || crate::runtime::instances::int_enum_value(b).is_some() =>
        {
            let x = crate::runtime::instances::int_enum_value(a).unwrap_or_else(|| a.clone());
            let y = crate::runtime::instances::int_enum_value(b).unwrap_or_else(|| b.clone());
            compare_depth(&x, &y, sym, depth + 1)
        }
        (Instance(_), Instance(_))
            if crate::runtime::instances::dataclass_fields(a, b, true).is_some() =>
        {
            let (x, y) =
                crate::runtime::instances::dataclass_fields(a, b, true).unwrap_or_default();
            seq_cmp(&x, &y, sym, depth)
        }
        _ => err(
            ExcClass::TypeError,
            format!(
                "'{sym}' not supported between instances of '{}' and '{}'",
                a.type_name(),
                b.type_name()
            ),
        ),
    }
}

fn seq_cmp(x: &[Value], y: &[Value], sym: &str, depth: usize) -> PyResult<Ordering> {
    for (p, q) in x.iter().zip(y.iter()) {
        if !eq_depth(p, q, depth + 1)? {
            return compare_depth(p, q, sym, depth + 1);
        }
    }
    Ok(x.len().cmp(&y.len()))
}

/// Compares two numbers of which at least one is a float, exactly (see
/// [`cmp_int_float`]): `Some(None)` when a NaN makes them unordered, `None`
/// when the pair is not a float with a float or an int.
fn mixed_cmp(a: &Value, b: &Value) -> Option<Option<Ordering>> {
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => Some(x.partial_cmp(y)),
        (Value::Float(x), _) if is_int(b) => Some(cmp_int_float(b, *x).map(Ordering::reverse)),
        (_, Value::Float(y)) if is_int(a) => Some(cmp_int_float(a, *y)),
        _ => None,
    }
}

/// `a < b` and friends: `test` tells whether an ordering satisfies the
/// operator; an unordered pair (a NaN) satisfies none.
fn order_test(a: &Value, b: &Value, sym: &str, test: fn(Ordering) -> bool) -> PyResult<bool> {
    if let Some(o) = mixed_cmp(a, b) {
        return Ok(o.is_some_and(test));
    }
    Ok(test(compare_order(a, b, sym)?))
}

/// `a op b` for comparison operators (except `in`, handled by [`contains`]).
pub fn compare(op: CmpOp, a: &Value, b: &Value) -> PyResult {
    let r = match op {
        CmpOp::Eq => eq(a, b)?,
        CmpOp::Ne => !eq(a, b)?,
        CmpOp::Is => a.is(b),
        CmpOp::IsNot => !a.is(b),
        CmpOp::In => contains(b, a)?,
        CmpOp::NotIn => !contains(b, a)?,
        CmpOp::Lt => order_test(a, b, "<", Ordering::is_lt)?,
        CmpOp::Le => order_test(a, b, "<=", Ordering::is_le)?,
        CmpOp::Gt => order_test(a, b, ">", Ordering::is_gt)?,
        CmpOp::Ge => order_test(a, b, ">=", Ordering::is_ge)?,
    };
    Ok(Value::Bool(r))
}

/// `item in container`.
pub fn contains(container: &Value, item: &Value) -> PyResult<bool> {
    match container {
        Value::Str(s) => match item {
            Value::Str(i) => {
                crate::runtime::builtins::add_work(s.len() / 16);
                Ok(s.contains(&**i))
            }
            _ => err(
                ExcClass::TypeError,
                format!(
                    "'in <string>' requires string as left operand, not {}",
                    item.type_name()
                ),
            ),
        },
        Value::List(l) => Ok(position(&l.borrow(), item)?.is_some()),
        Value::Tuple(t) => Ok(position(t, item)?.is_some()),
        Value::Dict(d) | Value::Set(d) => match item.hash_key() {
            Some(h) => Ok(d.borrow().get(&h).is_some()),
            Option::None => err(
                ExcClass::TypeError,
                format!("unhashable type: '{}'", item.type_name()),
            ),
        },
        // An integral float equals the int of the same value, so it is in
        // the range when that int is (CPython compares it with each item).
        Value::Range(r) => Ok(
            match item.as_i64().or_else(|| match item {
                Value::Float(f) if f.fract() == 0.0 && f.abs() < 9.2e18 => Some(*f as i64),
                _ => Option::None,
            }) {
                Some(i) => {
                    let (start, stop, step) = **r;
                    if step > 0 {
                        i >= start && i < stop && (i - start) % step == 0
                    } else {
                        i <= start && i > stop && (start - i) % (-step) == 0
                    }
                }
                Option::None => false,
            },
        ),
        Value::Obj(o) => match (&**o, o.view_items()) {
            // `var in ctx`: whether the context holds a value for the variable.
            (crate::runtime::objects::Obj::Context(ctx), _) => Ok(ctx.lookup(item)?.is_some()),
            (
                crate::runtime::objects::Obj::DictView(crate::runtime::objects::ViewKind::Keys, d),
                _,
            ) => match item.hash_key() {
                Some(h) => Ok(d.borrow().get(&h).is_some()),
                Option::None => Ok(false),
            },
            (_, Some(items)) => Ok(position(&items, item)?.is_some()),
            _ => err(
                ExcClass::TypeError,
                format!(
                    "argument of type '{}' is not iterable",
                    container.type_name()
                ),
            ),
        },
        _ => err(
            ExcClass::TypeError,
            format!(
                "argument of type '{}' is not iterable",
                container.type_name()
            ),
        ),
    }
}

/// Normalises a possibly negative index against a length.
pub fn norm_index(i: i64, len: usize, what: &str) -> PyResult<usize> {
    let j = if i < 0 { i + len as i64 } else { i };
    if j < 0 || j >= len as i64 {
        return err(ExcClass::IndexError, format!("{what} index out of range"));
    }
    Ok(j as usize)
}

/// Resolves slice bounds the way `slice.indices(len)` does.
pub fn slice_indices(s: &(Value, Value, Value), len: usize) -> PyResult<(i64, i64, i64)> {
    let step = match &s.2 {
        Value::None => 1,
        v => v.as_i64().ok_or_else(|| {
            Exc::value(
                ExcClass::TypeError,
                "slice indices must be integers or None or have an __index__ method",
            )
        })?,
    };
    if step == 0 {
        return err(ExcClass::ValueError, "slice step cannot be zero");
    }
    let len = len as i64;
    let conv = |v: &Value, default: i64| -> PyResult<i64> {
        match v {
            Value::None => Ok(default),
            v => {
                let i = v.as_i64().ok_or_else(|| {
                    Exc::value(
                        ExcClass::TypeError,
                        "slice indices must be integers or None or have an __index__ method",
                    )
                })?;
                let i = if i < 0 { i + len } else { i };
                Ok(if step > 0 {
                    i.clamp(0, len)
                } else {
                    i.clamp(-1, len - 1)
                })
            }
        }
    };
    let (ds, de) = if step > 0 { (0, len) } else { (len - 1, -1) };
    Ok((conv(&s.0, ds)?, conv(&s.1, de)?, step))
}

fn slice_positions(start: i64, stop: i64, step: i64) -> impl Iterator<Item = usize> {
    let n = range_len(start, stop, step);
    (0..n).map(move |k| (start + k * step) as usize)
}

/// `container[index]`.
pub fn getitem(container: &Value, index: &Value) -> PyResult {
    match (container, index) {
        (Value::List(l), Value::Int(i)) => {
            let l = l.borrow();
            let j = norm_index(*i, l.len(), "list")?;
            Ok(l[j].clone())
        }
        (Value::Tuple(t), Value::Int(i)) => {
            let j = norm_index(*i, t.len(), "tuple")?;
            Ok(t[j].clone())
        }
        (Value::Str(s), Value::Int(i)) => {
            if s.is_ascii() {
                let j = norm_index(*i, s.len(), "string")?;
                Ok(Value::str(&s[j..j + 1]))
            } else {
                let chars: Vec<char> = s.chars().collect();
                let j = norm_index(*i, chars.len(), "string")?;
                Ok(Value::str(&chars[j].to_string()))
            }
        }
        (Value::Range(r), Value::Int(i)) => {
            let n = range_len(r.0, r.1, r.2);
            let j = norm_index(*i, n as usize, "range object")?;
            Ok(Value::Int(r.0 + j as i64 * r.2))
        }
        (Value::Dict(d), k) => {
            match k.hash_key() {
                Some(h) => d.borrow().get(&h).cloned().ok_or_else(|| {
                    Value::Exc(Rc::new(Exc::new(ExcClass::KeyError, vec![k.clone()])))
                }),
                Option::None => err(
                    ExcClass::TypeError,
                    format!("unhashable type: '{}'", k.type_name()),
                ),
            }
        }
        (Value::List(l), Value::Slice(s)) => {
            let l = l.borrow();
            let (a, b, c) = slice_indices(s, l.len())?;
            Ok(Value::new_list(
                slice_positions(a, b, c).map(|i| l[i].clone()).collect(),
            ))
        }
        (Value::Tuple(t), Value::Slice(s)) => {
            let (a, b, c) = slice_indices(s, t.len())?;
            Ok(Value::new_tuple(
                slice_positions(a, b, c).map(|i| t[i].clone()).collect(),
            ))
        }
        (Value::Str(st), Value::Slice(s)) => {
            let chars: Vec<char> = st.chars().collect();
            let (a, b, c) = slice_indices(s, chars.len())?;
            Ok(Value::str(
                &slice_positions(a, b, c)
                    .map(|i| chars[i])
                    .collect::<String>(),
            ))
        }
        (Value::Range(r), Value::Slice(s)) => {
            let n = range_len(r.0, r.1, r.2);
            let (a, b, c) = slice_indices(s, n as usize)?;
            // Computed in 128 bits: a slice of a huge range may not fit.
            let f = |x: i64| i64::try_from(r.0 as i128 + x as i128 * r.2 as i128).ok();
            match (f(a), f(b), r.2.checked_mul(c)) {
                (Some(x), Some(y), Some(z)) => Ok(Value::Range(Rc::new((x, y, z)))),
                _ => err(ExcClass::OverflowError, "range slice too large"),
            }
        }
        (Value::List(_) | Value::Tuple(_) | Value::Str(_) | Value::Range(_), Value::Bool(b)) => {
            getitem(container, &Value::Int(*b as i64))
        }
        (Value::List(_) | Value::Tuple(_) | Value::Str(_) | Value::Range(_), Value::Big(_)) => err(
            ExcClass::IndexError,
            "cannot fit 'int' into an index-sized integer",
        ),
        (Value::List(_) | Value::Tuple(_) | Value::Str(_) | Value::Range(_), i) => err(
            ExcClass::TypeError,
            format!(
                "{} indices must be integers or slices, not {}",
                container.type_name(),
                i.type_name()
            ),
        ),
        _ => err(
            ExcClass::TypeError,
            format!("'{}' object is not subscriptable", container.type_name()),
        ),
    }
}

/// `container[index] = value`.
pub fn setitem(container: &Value, index: &Value, value: Value) -> PyResult<()> {
    match (container, index) {
        (Value::List(l), Value::Int(i)) => {
            let mut l = l.borrow_mut();
            let j = norm_index(*i, l.len(), "list assignment")?;
            l[j] = value;
            Ok(())
        }
        (Value::List(l), Value::Slice(s)) => {
            let items = crate::runtime::builtins::iterate_simple(&value)?;
            let mut l = l.borrow_mut();
            let (a, b, c) = slice_indices(s, l.len())?;
            if c != 1 {
                return err(
                    ExcClass::ValueError,
                    "extended slice assignment is not supported",
                );
            }
            let b = b.max(a);
            l.splice(a as usize..b as usize, items);
            Ok(())
        }
        (Value::Dict(d), k) => match k.hash_key() {
            Some(h) => {
                d.borrow_mut().insert(h, k.clone(), value);
                Ok(())
            }
            Option::None => err(
                ExcClass::TypeError,
                format!("unhashable type: '{}'", k.type_name()),
            ),
        },
        (Value::Tuple(_), _) => err(
            ExcClass::TypeError,
            "'tuple' object does not support item assignment",
        ),
        (Value::Str(_), _) => err(
            ExcClass::TypeError,
            "'str' object does not support item assignment",
        ),
        _ => err(
            ExcClass::TypeError,
            format!(
                "'{}' object does not support item assignment",
                container.type_name()
            ),
        ),
    }
}

/// `del container[index]`.
pub fn delitem(container: &Value, index: &Value) -> PyResult<()> {
    match (container, index) {
        (Value::List(l), Value::Int(i)) => {
            let mut l = l.borrow_mut();
            let j = norm_index(*i, l.len(), "list assignment")?;
            l.remove(j);
            Ok(())
        }
        (Value::List(l), Value::Slice(s)) => {
            let mut l = l.borrow_mut();
            let (a, b, c) = slice_indices(s, l.len())?;
            let mut pos: Vec<usize> = slice_positions(a, b, c).collect();
            pos.sort_unstable();
            for p in pos.into_iter().rev() {
                l.remove(p);
            }
            Ok(())
        }
        (Value::Dict(d), k) => match k.hash_key() {
            Some(h) => match d.borrow_mut().remove(&h) {
                Some(_) => Ok(()),
                Option::None => Err(Value::Exc(Rc::new(Exc::new(
                    ExcClass::KeyError,
                    vec![k.clone()],
                )))),
            },
            Option::None => err(
                ExcClass::TypeError,
                format!("unhashable type: '{}'", k.type_name()),
            ),
        },
        _ => err(
            ExcClass::TypeError,
            format!(
                "'{}' object doesn't support item deletion",
                container.type_name()
            ),
        ),
    }
}

/// Unary minus.
pub fn neg(v: &Value) -> PyResult {
    match v {
        Value::Int(i) => Ok(i
            .checked_neg()
            .map(Value::Int)
            .unwrap_or_else(|| Value::from_big(-BigInt::from(*i)))),
        Value::Bool(b) => Ok(Value::Int(-(*b as i64))),
        Value::Big(b) => Ok(Value::from_big(-(**b).clone())),
        Value::Float(f) => Ok(Value::Float(-f)),
        _ if matches!(
            crate::runtime::library::datetime::as_dt(v),
            Some(crate::runtime::library::datetime::Dt::Delta(_))
        ) =>
        {
            crate::runtime::library::datetime::binary(BinOp::Mul, v, &Value::Int(-1))
                .unwrap_or(Ok(Value::None))
        }
        _ => crate::runtime::library::collections::counter_unary(BinOp::Sub, v).unwrap_or_else(
            || {
                err(
                    ExcClass::TypeError,
                    format!("bad operand type for unary -: '{}'", v.type_name()),
                )
            },
        ),
    }
}

/// Unary plus.
pub fn pos(v: &Value) -> PyResult {
    match v {
        Value::Int(_) | Value::Big(_) | Value::Float(_) => Ok(v.clone()),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        _ => crate::runtime::library::collections::counter_unary(BinOp::Add, v).unwrap_or_else(
            || {
                err(
                    ExcClass::TypeError,
                    format!("bad operand type for unary +: '{}'", v.type_name()),
                )
            },
        ),
    }
}

/// `~x`.
pub fn invert(v: &Value) -> PyResult {
    match v {
        Value::Int(i) => Ok(Value::Int(!i)),
        Value::Bool(b) => Ok(Value::Int(!(*b as i64))),
        Value::Big(b) => Ok(Value::from_big(-(**b).clone() - 1)),
        _ => err(
            ExcClass::TypeError,
            format!("bad operand type for unary ~: '{}'", v.type_name()),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(v: &Value) -> String {
        v.repr()
    }

    #[test]
    fn ints_never_wrap() {
        let max = Value::Int(i64::MAX);
        let min = Value::Int(i64::MIN);
        assert_eq!(
            int(&binary(BinOp::Add, &max, &Value::Int(1), 0).unwrap()),
            "9223372036854775808"
        );
        assert_eq!(
            int(&binary(BinOp::Sub, &min, &Value::Int(1), 0).unwrap()),
            "-9223372036854775809"
        );
        assert_eq!(
            int(&binary(BinOp::Mul, &max, &max, 0).unwrap()),
            "85070591730234615847396907784232501249"
        );
        assert_eq!(
            int(&binary(BinOp::Pow, &Value::Int(2), &Value::Int(100), 0).unwrap()),
            "1267650600228229401496703205376"
        );
        assert_eq!(
            int(&binary(BinOp::FloorDiv, &min, &Value::Int(-1), 0).unwrap()),
            "9223372036854775808"
        );
        assert_eq!(
            int(&binary(BinOp::Mod, &min, &Value::Int(-1), 0).unwrap()),
            "0"
        );
        assert_eq!(
            int(&binary(BinOp::LShift, &Value::Int(1), &Value::Int(64), 0).unwrap()),
            "18446744073709551616"
        );
        assert_eq!(int(&neg(&min).unwrap()), "9223372036854775808");
        // Big results that fit again come back to the inline form.
        let big = binary(BinOp::Add, &max, &Value::Int(1), 0).unwrap();
        assert!(matches!(
            binary(BinOp::Sub, &big, &Value::Int(1), 0).unwrap(),
            Value::Int(i64::MAX)
        ));
        // Absurdly large results are a clear OverflowError, not a hang.
        let e = binary(BinOp::Pow, &Value::Int(10), &Value::Int(10_000_000), 0).unwrap_err();
        assert!(e.repr().starts_with("OverflowError("), "{}", e.repr());
    }

    #[test]
    fn floor_division_and_modulo_follow_python() {
        let r = |op, a: i64, b: i64| int(&binary(op, &Value::Int(a), &Value::Int(b), 0).unwrap());
        assert_eq!(
            (r(BinOp::FloorDiv, -7, 2), r(BinOp::Mod, -7, 2)),
            ("-4".into(), "1".into())
        );
        assert_eq!(
            (r(BinOp::FloorDiv, 7, -2), r(BinOp::Mod, 7, -2)),
            ("-4".into(), "-1".into())
        );
        assert!(binary(BinOp::FloorDiv, &Value::Int(1), &Value::Int(0), 0).is_err());
        assert_eq!(
            binary(BinOp::Div, &Value::Int(7), &Value::Int(2), 0)
                .unwrap()
                .repr(),
            "3.5"
        );
        assert_eq!(
            binary(BinOp::Mod, &Value::Float(-7.5), &Value::Int(2), 0)
                .unwrap()
                .repr(),
            "0.5"
        );
    }
}
