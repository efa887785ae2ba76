//! The `math` module.

use num_bigint::BigInt;
use num_traits::{One, Signed};

use crate::front::names::ExcClass;
use crate::runtime::builtins::{want_f64, Args};
use crate::runtime::ops::{err, PyResult};
use crate::runtime::value::Value;

/// A constant of `math`, if `name` is one.
pub fn constant(name: &str) -> Option<Value> {
    Some(Value::Float(match name {
        "pi" => std::f64::consts::PI,
        "e" => std::f64::consts::E,
        "tau" => std::f64::consts::TAU,
        "inf" => f64::INFINITY,
        "nan" => f64::NAN,
        _ => return None,
    }))
}

fn to_int(f: f64) -> PyResult {
    crate::runtime::num::float_to_int(f)
}

fn domain() -> PyResult {
    err(ExcClass::ValueError, "math domain error")
}

/// Calls `math.<name>`.
pub fn call(qual: &str, a: &mut Args) -> PyResult {
    let name = &qual[5..];
    let x = || -> PyResult<f64> { want_f64(a.pos.first().unwrap_or(&Value::None), name) };
    let f1 = |v: f64| Ok(Value::Float(v));
    match name {
        "isqrt" => {
            let n = a.pos.first().and_then(|v| v.as_bigint()).ok_or_else(|| {
                crate::runtime::exc::Exc::value(
                    ExcClass::TypeError,
                    "isqrt() argument must be an integer",
                )
            })?;
            if n.is_negative() {
                return err(ExcClass::ValueError, "isqrt() argument must be nonnegative");
            }
            Ok(Value::from_big(n.sqrt()))
        }
        "sqrt" => {
            let v = x()?;
            if v < 0.0 {
                return domain();
            }
            f1(v.sqrt())
        }
        "floor" | "ceil" | "trunc" => match a.pos.first() {
            Some(v @ (Value::Int(_) | Value::Big(_) | Value::Bool(_))) => {
                Ok(Value::from_big(v.as_bigint().unwrap_or_default()))
            }
            _ => {
                let v = x()?;
                to_int(match name {
                    "floor" => v.floor(),
                    "ceil" => v.ceil(),
                    _ => v.trunc(),
                })
            }
        },
        "log" => {
            let v = a.pos.first().cloned().unwrap_or(Value::None);
            let num = crate::runtime::num::log_of(&v, "ln", name)?;
            match a.pos.get(1) {
                Some(b) => {
                    let den = crate::runtime::num::log_of(b, "ln", name)?;
                    if den == 0.0 {
                        return err(ExcClass::ZeroDivisionError, "float division by zero");
                    }
                    f1(num / den)
                }
                None => f1(num),
            }
        }
        "log2" | "log10" => {
            let v = a.pos.first().cloned().unwrap_or(Value::None);
            f1(crate::runtime::num::log_of(&v, name, name)?)
        }
        "exp" => {
            let r = x()?.exp();
            if r.is_infinite() {
                return err(ExcClass::OverflowError, "math range error");
            }
            f1(r)
        }
        "sin" => f1(x()?.sin()),
        "cos" => f1(x()?.cos()),
        "tan" => f1(x()?.tan()),
        "atan" => f1(x()?.atan()),
        "asin" => f1(x()?.asin()),
        "acos" => f1(x()?.acos()),
        "degrees" => f1(x()?.to_degrees()),
        "radians" => f1(x()?.to_radians()),
        "fabs" => f1(x()?.abs()),
        "isnan" => Ok(Value::Bool(x()?.is_nan())),
        "isinf" => Ok(Value::Bool(x()?.is_infinite())),
        "isfinite" => Ok(Value::Bool(x()?.is_finite())),
        "atan2" | "pow" | "hypot" | "copysign" => {
            let y = x()?;
            let z = want_f64(a.pos.get(1).unwrap_or(&Value::None), name)?;
            f1(match name {
                "atan2" => y.atan2(z),
                "pow" => y.powf(z),
                "hypot" => y.hypot(z),
                _ => y.copysign(z),
            })
        }
        "isclose" => {
            let p = x()?;
            let q = want_f64(a.pos.get(1).unwrap_or(&Value::None), name)?;
            let rel = a
                .take_kw("rel_tol")
                .and_then(|v| v.as_f64())
                .unwrap_or(1e-9);
            let abs = a.take_kw("abs_tol").and_then(|v| v.as_f64()).unwrap_or(0.0);
            Ok(Value::Bool(
                p == q || (p - q).abs() <= (rel * p.abs().max(q.abs())).max(abs),
            ))
        }
        "factorial" => {
            let n = a.pos.first().and_then(|v| v.as_i64()).ok_or_else(|| {
                crate::runtime::exc::Exc::value(
                    ExcClass::TypeError,
                    "factorial() only accepts integral values",
                )
            })?;
            if n < 0 {
                return err(
                    ExcClass::ValueError,
                    "factorial() not defined for negative values",
                );
            }
            if n > 20_000 {
                return err(
                    ExcClass::OverflowError,
                    "factorial() argument too large for Loopscope",
                );
            }
            let mut r = BigInt::one();
            for i in 2..=n {
                r *= i;
            }
            Ok(Value::from_big(r))
        }
        "gcd" | "lcm" => {
            use num_integer::Integer;
            let mut acc: Option<BigInt> = None;
            for v in &a.pos {
                let b = v.as_bigint().ok_or_else(|| {
                    crate::runtime::exc::Exc::value(
                        ExcClass::TypeError,
                        "integer argument expected",
                    )
                })?;
                acc = Some(match acc {
                    None => b.abs(),
                    Some(p) => {
                        if name == "gcd" {
                            p.gcd(&b)
                        } else {
                            p.lcm(&b)
                        }
                    }
                });
            }
            Ok(Value::from_big(acc.unwrap_or(if name == "gcd" {
                BigInt::from(0)
            } else {
                BigInt::one()
            })))
        }
        "fsum" | "prod" => {
            let items =
                crate::runtime::builtins::iterate_simple(a.pos.first().unwrap_or(&Value::None))?;
            if name == "fsum" {
                let mut s = 0.0;
                for v in items {
                    s += want_f64(&v, "fsum")?;
                }
                f1(s)
            } else {
                let mut acc = Value::Int(1);
                for v in items {
                    acc = crate::runtime::ops::binary(
                        crate::compile::code::BinOp::Mul,
                        &acc,
                        &v,
                        usize::MAX,
                    )?;
                }
                Ok(acc)
            }
        }
        "comb" | "perm" => {
            let given = a.pos.len();
            if name == "comb" && given != 2 {
                return err(
                    ExcClass::TypeError,
                    format!("comb expected 2 arguments, got {given}"),
                );
            }
            if name == "perm" && !(1..=2).contains(&given) {
                return err(
                    ExcClass::TypeError,
                    if given == 0 {
                        "perm expected at least 1 argument, got 0".to_string()
                    } else {
                        format!("perm expected at most 2 arguments, got {given}")
                    },
                );
            }
            let n = crate::runtime::builtins::want_int(&a.pos[0], "")?;
            let k = match a.pos.get(1) {
                Some(Value::None) | None if name == "perm" => n,
                Some(v) => crate::runtime::builtins::want_int(v, "")?,
                None => n,
            };
            if n < 0 || k < 0 {
                return err(
                    ExcClass::ValueError,
                    format!(
                        "{} must be a non-negative integer",
                        if n < 0 { "n" } else { "k" }
                    ),
                );
            }
            if k > n {
                return Ok(Value::Int(0));
            }
            // C(n, k) = C(n, n - k): the shorter product.
            let k = if name == "comb" { k.min(n - k) } else { k };
            // The result has about k·log2(n) bits: one the size of
            // factorial's largest (20 000!, about 260 000 bits) is the
            // most computed, so that a call cannot run for minutes.
            let bits = k as f64 * ((n as f64) + 1.0).log2();
            if bits > 300_000.0 {
                return err(
                    ExcClass::OverflowError,
                    format!("{name}() result too large for Loopscope"),
                );
            }
            let mut r = BigInt::one();
            for i in 0..k {
                r *= n - i;
            }
            if name == "comb" {
                for i in 1..=k {
                    r /= i;
                }
            }
            Ok(Value::from_big(r))
        }
        _ => err(
            ExcClass::AttributeError,
            format!("module 'math' has no attribute '{name}'"),
        ),
    }
}
