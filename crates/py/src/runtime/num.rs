//! Exact numeric helpers where ints meet floats: conversion that raises
//! instead of saturating, exact int/float comparison, float floor division
//! and modulo, and `round` with `ndigits`, all with CPython 3.12's results.

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{FromPrimitive, One, Signed, ToPrimitive, Zero};

use crate::front::names::ExcClass;
use crate::runtime::ops::{err, PyResult};
use crate::runtime::value::Value;

/// An int as the nearest float, or `OverflowError` when it is beyond the
/// float range (CPython never turns a finite int into `inf`).
pub fn int_to_f64(b: &BigInt) -> PyResult<f64> {
    // num-bigint rounds to nearest, ties to even, as CPython does, but
    // saturates to infinity where CPython raises.
    match b.to_f64() {
        Some(f) if f.is_finite() => Ok(f),
        _ => err(ExcClass::OverflowError, "int too large to convert to float"),
    }
}

/// `int(f)`: the float truncated toward zero, exactly; CPython's errors for
/// a NaN and an infinity.
pub fn float_to_int(f: f64) -> PyResult<Value> {
    if f.is_nan() {
        return err(ExcClass::ValueError, "cannot convert float NaN to integer");
    }
    if f.is_infinite() {
        return err(
            ExcClass::OverflowError,
            "cannot convert float infinity to integer",
        );
    }
    if f.abs() < 9.0e18 {
        return Ok(Value::Int(f.trunc() as i64));
    }
    use num_traits::FromPrimitive;
    Ok(Value::from_big(
        BigInt::from_f64(f.trunc()).unwrap_or_default(),
    ))
}

/// A number (bool, int or float) as a float: `None` when `v` is not a
/// number, `OverflowError` when it is an int too large for a float.
pub fn float_of(v: &Value) -> PyResult<Option<f64>> {
    match v {
        Value::Big(b) => int_to_f64(b).map(Some),
        _ => Ok(v.as_f64()),
    }
}

/// Compares an int (`Int`, `Big` or `Bool`) with a float exactly, the way
/// CPython does: no rounding of the int, so `2**53 + 1 > 2.0**53` and every
/// int is below `inf`. `None` when the float is a NaN (every comparison is
/// then false) or `int` is not an int.
pub fn cmp_int_float(int: &Value, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if let Some(i) = int.as_i64() {
        // Ints up to 2**53 are exact as floats, so one float comparison is exact.
        if i.unsigned_abs() <= 1 << 53 {
            return (i as f64).partial_cmp(&f);
        }
    }
    if f.is_infinite() {
        return Some(if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    // Compare with the float's integral part exactly; on a tie the
    // fractional part (if any) makes the float the larger one.
    let floor = f.floor();
    let fb = BigInt::from_f64(floor)?;
    match int.as_bigint()?.cmp(&fb) {
        Ordering::Equal if f > floor => Some(Ordering::Less),
        o => Some(o),
    }
}

/// Float floor division and modulo `(x // y, x % y)` as CPython computes
/// them (`y` must not be zero): from `fmod`, so that `1 // 0.1` is `9.0`
/// (the exact quotient is just below 10) and `inf // 1` is `nan`.
pub fn float_divmod(x: f64, y: f64) -> (f64, f64) {
    let mut m = x % y;
    // The exact multiple of `y` below `x`, divided by `y`: near an integer.
    let mut div = (x - m) / y;
    if m != 0.0 {
        // The remainder takes the divisor's sign.
        if (y < 0.0) != (m < 0.0) {
            m += y;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(y);
    }
    let q = if div != 0.0 {
        // `div` is within rounding error of an integer: snap to it.
        let mut q = div.floor();
        if div - q > 0.5 {
            q += 1.0;
        }
        q
    } else {
        0.0f64.copysign(x / y)
    };
    (q, m)
}

fn pow10(n: u64) -> BigInt {
    num_traits::pow::Pow::pow(BigInt::from(10u8), n)
}

/// `num / den` rounded to the nearest integer, ties to even (`den > 0`).
fn div_round_half_even(num: &BigInt, den: &BigInt) -> BigInt {
    let (q, r) = num.div_mod_floor(den);
    let twice: BigInt = r * 2u8;
    match twice.cmp(den) {
        Ordering::Greater => q + 1u8,
        Ordering::Equal if q.is_odd() => q + 1u8,
        _ => q,
    }
}

/// `round(i, ndigits)` for an int: a multiple of `10**-ndigits`, ties to even.
pub fn round_int(i: &BigInt, ndigits: &BigInt) -> BigInt {
    if !ndigits.is_negative() {
        return i.clone();
    }
    // 10**k with k beyond the int's digit count rounds everything to 0
    // (a half can only be reached when k is the digit count or less).
    let digits = (i.bits() as f64 * std::f64::consts::LOG10_2) as u64 + 2;
    let k = match ndigits.magnitude().to_u64() {
        Some(k) if k <= digits => k,
        _ => return BigInt::zero(),
    };
    let p = pow10(k);
    div_round_half_even(i, &p) * p
}

/// `round(x, ndigits)` for a float: the float nearest to the exact decimal
/// value of `x` rounded to `ndigits` places, ties to even, as CPython does
/// (so `round(2.675, 2)` is `2.67`: the float is just below 2.675).
pub fn round_float(x: f64, ndigits: &BigInt) -> PyResult<f64> {
    if !x.is_finite() || x == 0.0 {
        return Ok(x);
    }
    // A float has at most 1074 decimal places and at most 309 integer
    // digits, so beyond these bounds rounding is the identity or zero.
    let n = match ndigits.to_i64() {
        Some(n) if n > 1100 => return Ok(x),
        Some(n) if n >= -400 => n,
        _ => return Ok(0.0f64.copysign(x)),
    };
    // x = m · 2**e exactly.
    let bits = x.abs().to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    let (m, e) = if biased == 0 {
        (frac, -1074)
    } else {
        (frac | (1 << 52), biased - 1075)
    };
    if e >= 0 && n >= 0 {
        return Ok(x);
    }
    let mut num = BigInt::from(m);
    let mut den = BigInt::one();
    if e >= 0 {
        num <<= e as u64;
    } else {
        den <<= e.unsigned_abs();
    }
    let scale = pow10(n.unsigned_abs());
    if n >= 0 {
        num *= &scale;
    } else {
        den *= &scale;
    }
    let q = div_round_half_even(&num, &den);
    let r = if n >= 0 {
        crate::runtime::ops::int_true_div(&q, &scale)
    } else {
        int_to_f64(&(q * scale))
    };
    match r {
        Ok(r) => Ok(r.copysign(x)),
        Err(_) => err(
            ExcClass::OverflowError,
            "rounded value too large to represent",
        ),
    }
}

/// A positive int as `(x, e)` with `int ≈ x · 2**e` and `0.5 <= x < 1`,
/// correctly rounded, for logarithms of ints too large for a float.
fn frexp_int(b: &BigInt) -> (f64, i64) {
    let bits = b.bits();
    let shift = bits.saturating_sub(64);
    let mut top = (b.magnitude() >> shift).to_u64().unwrap_or(0);
    // A sticky bit for the dropped bits keeps the float rounding correct.
    if shift > 0 && b.magnitude().trailing_zeros().unwrap_or(0) < shift {
        top |= 1;
    }
    let width = 64 - top.leading_zeros() as i64;
    let mut x = top as f64 / 2f64.powi(width as i32);
    let mut e = bits as i64;
    if x >= 1.0 {
        x /= 2.0;
        e += 1;
    }
    (x, e)
}

/// `log(v)` with `log` one of `ln`, `log2`, `log10` (by name), accepting ints
/// too large for a float as CPython's `math` module does.
pub fn log_of(v: &Value, name: &str, func: &str) -> PyResult<f64> {
    let f = |x: f64| match name {
        "log2" => x.log2(),
        "log10" => x.log10(),
        _ => x.ln(),
    };
    if let Value::Big(b) = v {
        if !b.is_positive() {
            return err(ExcClass::ValueError, "math domain error");
        }
        if let Some(x) = b.to_f64().filter(|x| x.is_finite()) {
            return Ok(f(x));
        }
        let (x, e) = frexp_int(b);
        return Ok(f(x) + f(2.0) * e as f64);
    }
    let x = crate::runtime::builtins::want_f64(v, func)?;
    if x <= 0.0 || x.is_nan() {
        if x.is_nan() {
            return Ok(x);
        }
        return err(ExcClass::ValueError, "math domain error");
    }
    Ok(f(x))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_divmod_matches_cpython() {
        // Each row: x, y, CPython's x // y and x % y.
        let cases: [(f64, f64, f64, f64); 5] = [
            (1.0, 0.1, 9.0, 0.09999999999999995),
            (7.5, 2.0, 3.0, 1.5),
            (-7.5, 2.0, -4.0, 0.5),
            (7.0, -2.0, -4.0, -1.0),
            (-0.0, 1.0, -0.0, 0.0),
        ];
        for (x, y, q, m) in cases {
            let (gq, gm) = float_divmod(x, y);
            assert_eq!(
                (gq.to_bits(), gm.to_bits()),
                (q.to_bits(), m.to_bits()),
                "{x} {y}"
            );
        }
        assert!(float_divmod(f64::INFINITY, 1.0).0.is_nan());
    }

    #[test]
    fn round_float_matches_cpython() {
        // Each row: x, ndigits, CPython's round(x, ndigits).
        let cases = [
            (2.675, 2, 2.67),
            (0.125, 2, 0.12),
            (1e300, -299, 1e300),
            (-0.4, 0, -0.0),
            (12345.678, -2, 12300.0),
            (5e-324, 400, 5e-324),
            (2.5, 0, 2.0),
        ];
        for (x, n, want) in cases {
            let got = round_float(x, &BigInt::from(n)).unwrap_or(f64::NAN);
            assert_eq!(got.to_bits(), f64::to_bits(want), "round({x}, {n})");
        }
    }
}
