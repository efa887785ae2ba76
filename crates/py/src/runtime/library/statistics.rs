//! `statistics`: the averages and spreads asyncio programs report about
//! their latencies (`mean`, `fmean`, `median` and its low/high forms,
//! `mode`, `multimode`, `variance`, `pvariance`, `stdev`, `pstdev`,
//! `quantiles`), with CPython's exact results.
//!
//! CPython sums ints and floats as exact fractions and rounds once at the
//! end, and hands back an int when all the data were ints and the result is
//! whole (`mean([1, 3])` is `2`, `mean([1, 2])` is `1.5`); this module does
//! the same with big-integer fractions.  The square roots of `stdev` and
//! `pstdev` follow CPython's `_float_sqrt_of_frac` (round to odd, then one
//! correctly rounded division).  `median` and `quantiles` interpolate with
//! the program's own arithmetic, as CPython's Python code does.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use loopscope_sim::Sim;

use crate::compile::code::BinOp;
use crate::front::names::ExcClass;
use crate::runtime::builtins::Args;
use crate::runtime::ops::{err, int_true_div, PyResult};
use crate::runtime::value::{Dict, Value};
use crate::runtime::vm::{CallOut, Runner};

/// The public names of `statistics` that Loopscope models.
pub const NAMES: &[&str] = &[
    "statistics.mean",
    "statistics.fmean",
    "statistics.median",
    "statistics.median_low",
    "statistics.median_high",
    "statistics.mode",
    "statistics.multimode",
    "statistics.variance",
    "statistics.pvariance",
    "statistics.stdev",
    "statistics.pstdev",
    "statistics.quantiles",
];

/// An exact fraction, kept in lowest terms with a positive denominator.
#[derive(Clone)]
struct Frac {
    n: BigInt,
    d: BigInt,
}

impl Frac {
    fn new(n: BigInt, d: BigInt) -> Frac {
        let g = n.gcd(&d);
        let (mut n, mut d) = if g.is_zero() || g.is_one() {
            (n, d)
        } else {
            (n / &g, d / &g)
        };
        if d.is_negative() {
            n = -n;
            d = -d;
        }
        Frac { n, d }
    }

    fn int(n: BigInt) -> Frac {
        Frac {
            n,
            d: BigInt::one(),
        }
    }

    fn add(&self, o: &Frac) -> Frac {
        Frac::new(&self.n * &o.d + &o.n * &self.d, &self.d * &o.d)
    }

    fn mul(&self, o: &Frac) -> Frac {
        Frac::new(&self.n * &o.n, &self.d * &o.d)
    }

    fn div_int(&self, k: i64) -> Frac {
        Frac::new(self.n.clone(), &self.d * BigInt::from(k))
    }

    fn to_f64(&self) -> PyResult<f64> {
        int_true_div(&self.n, &self.d)
    }
}

/// A float's exact value as a fraction (finite floats only).
fn float_ratio(x: f64) -> Frac {
    if x == 0.0 {
        return Frac::int(BigInt::zero());
    }
    let bits = x.to_bits();
    let sign = if bits >> 63 == 1 { -1 } else { 1 };
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    let (mant, e) = if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), exp - 1075)
    };
    let m = BigInt::from(mant) * sign;
    if e >= 0 {
        Frac::int(m << e as usize)
    } else {
        Frac::new(m, BigInt::one() << (-e) as usize)
    }
}

/// What CPython's `_sum` and `_ss` learn from the data: whether a float
/// was seen (the result type), the exact values, and any inf or nan.
struct Exact {
    float: bool,
    values: Vec<Frac>,
    /// The sum of the non-finite floats, which CPython keeps as a float.
    nonfinite: Option<f64>,
}

fn exact(items: &[Value]) -> PyResult<Exact> {
    let mut out = Exact {
        float: false,
        values: Vec::with_capacity(items.len()),
        nonfinite: None,
    };
    for v in items {
        crate::runtime::builtins::add_work(1);
        match v {
            Value::Int(i) => out.values.push(Frac::int(BigInt::from(*i))),
            Value::Big(b) => out.values.push(Frac::int((**b).clone())),
            Value::Bool(b) => out.values.push(Frac::int(BigInt::from(*b as i64))),
            Value::Float(f) => {
                out.float = true;
                if f.is_finite() {
                    out.values.push(float_ratio(*f));
                } else {
                    out.nonfinite = Some(out.nonfinite.unwrap_or(0.0) + f);
                    out.values.push(Frac::int(BigInt::zero()));
                }
            }
            other => {
                return err(
                    ExcClass::TypeError,
                    format!(
                        "can't convert type '{}' to numerator/denominator",
                        other.type_name()
                    ),
                )
            }
        }
    }
    Ok(out)
}

/// CPython's `_convert(value, T)`: an int when the data were ints and the
/// value is whole, a float otherwise.
fn convert(v: &Frac, float: bool) -> PyResult {
    if !float && v.d.is_one() {
        return Ok(Value::from_big(v.n.clone()));
    }
    Ok(Value::Float(v.to_f64()?))
}

/// The sum of squared deviations, exactly (`_ss` with no given centre).
fn sum_sq_dev(values: &[Frac]) -> Frac {
    let n = values.len() as i64;
    let mut sx = Frac::int(BigInt::zero());
    let mut sxx = Frac::int(BigInt::zero());
    for v in values {
        sx = sx.add(v);
        sxx = sxx.add(&v.mul(v));
    }
    if n == 0 {
        return sx;
    }
    // `(count * sxx - sx * sx) / count`: poor for floats, exact here.
    let nn = Frac::int(BigInt::from(n));
    let neg_sq = sx.mul(&sx).mul(&Frac::int(BigInt::from(-1)));
    nn.mul(&sxx).add(&neg_sq).div_int(n)
}

/// `isqrt(n // m)` rounded to odd, as CPython's `_integer_sqrt_of_frac_rto`.
fn isqrt_frac_rto(n: &BigInt, m: &BigInt) -> BigInt {
    let a = (n / m).sqrt();
    let exact = &a * &a * m == *n;
    if exact {
        a
    } else {
        a | BigInt::one()
    }
}

/// The square root of `n/m` as a correctly rounded float (`_float_sqrt_of_frac`).
fn float_sqrt_of_frac(n: &BigInt, m: &BigInt) -> PyResult<f64> {
    const SQRT_BIT_WIDTH: i64 = 2 * 53 + 3;
    let q = (n.bits() as i64 - m.bits() as i64 - SQRT_BIT_WIDTH).div_euclid(2);
    if q >= 0 {
        let num = isqrt_frac_rto(n, &(m << (2 * q) as usize)) << q as usize;
        int_true_div(&num, &BigInt::one())
    } else {
        let num = isqrt_frac_rto(&(n << (-2 * q) as usize), m);
        int_true_div(&num, &(BigInt::one() << (-q) as usize))
    }
}

fn stats_err<T>(msg: impl Into<String>) -> PyResult<T> {
    err(ExcClass::StatisticsError, msg.into())
}

impl Runner {
    /// The data argument as a sorted list.
    fn sorted_data(&mut self, sim: &mut Sim<Value>, data: &Value) -> PyResult<Vec<Value>> {
        let list = Value::new_list(self.iterate(sim, data)?);
        match self.call_builtin(sim, "sorted", vec![list], Vec::new())? {
            CallOut::Value(Value::List(l)) => Ok(l.borrow().clone()),
            _ => Ok(Vec::new()),
        }
    }

    /// Calls a `statistics` function.
    pub(crate) fn call_statistics(
        &mut self,
        sim: &mut Sim<Value>,
        name: &str,
        mut a: Args,
    ) -> PyResult {
        let short = &name["statistics.".len()..];
        if short == "quantiles" {
            return self.quantiles(sim, a);
        }
        let centre = match short {
            "variance" | "stdev" => a.take_kw("xbar"),
            "pvariance" | "pstdev" => a.take_kw("mu"),
            "fmean" => a.take_kw("weights"),
            _ => None,
        };
        if !a.kw.is_empty() {
            return err(
                ExcClass::TypeError,
                format!(
                    "{short}() got an unexpected keyword argument '{}'",
                    a.kw[0].0
                ),
            );
        }
        let max = if matches!(
            short,
            "variance" | "stdev" | "pvariance" | "pstdev" | "fmean"
        ) {
            2
        } else {
            1
        };
        if a.pos.is_empty() {
            return err(
                ExcClass::TypeError,
                format!("{short}() missing 1 required positional argument: 'data'"),
            );
        }
        a.arity(short, 1, max)?;
        let centre = centre.or_else(|| a.pos.get(1).cloned());
        if centre.is_some_and(|c| !matches!(c, Value::None)) {
            return err(
                ExcClass::NotImplementedError,
                format!("`statistics.{short}` with a given centre or weights is not supported yet"),
            );
        }
        let data = a.pos.swap_remove(0);
        match short {
            "median" | "median_low" | "median_high" => {
                let d = self.sorted_data(sim, &data)?;
                let n = d.len();
                if n == 0 {
                    return stats_err("no median for empty data");
                }
                match short {
                    "median_low" => Ok(d[(n - 1) / 2].clone()),
                    "median_high" => Ok(d[n / 2].clone()),
                    _ if n % 2 == 1 => Ok(d[n / 2].clone()),
                    _ => {
                        let s = self.binary_any(sim, BinOp::Add, &d[n / 2 - 1], &d[n / 2])?;
                        self.binary_any(sim, BinOp::Div, &s, &Value::Int(2))
                    }
                }
            }
            "mode" | "multimode" => {
                let items = self.iterate(sim, &data)?;
                let mut counts = Dict::new();
                let mut best = 0i64;
                for v in items {
                    crate::runtime::builtins::add_work(1);
                    let Some(h) = v.hash_key() else {
                        return err(
                            ExcClass::TypeError,
                            format!("unhashable type: '{}'", v.type_name()),
                        );
                    };
                    let c = counts.get(&h).and_then(Value::as_i64).unwrap_or(0) + 1;
                    best = best.max(c);
                    counts.insert(h, v, Value::Int(c));
                }
                // Counts in first-seen order: the first with the top count
                // is `Counter.most_common(1)`'s answer.
                let top: Vec<Value> = counts
                    .iter()
                    .filter(|(_, c)| c.as_i64() == Some(best))
                    .map(|(k, _)| k.clone())
                    .collect();
                if short == "multimode" {
                    return Ok(Value::new_list(top));
                }
                match top.into_iter().next() {
                    Some(v) => Ok(v),
                    None => stats_err("no mode for empty data"),
                }
            }
            "fmean" => {
                let items = self.iterate(sim, &data)?;
                // `fsum` converts each item to a float, then sums exactly.
                let mut floats = Vec::with_capacity(items.len());
                for v in &items {
                    floats.push(match v {
                        Value::Float(f) => Value::Float(*f),
                        Value::Int(i) => Value::Float(*i as f64),
                        Value::Bool(b) => Value::Float(*b as i64 as f64),
                        Value::Big(b) => match b.to_f64() {
                            Some(f) if f.is_finite() => Value::Float(f),
                            _ => {
                                return err(
                                    ExcClass::OverflowError,
                                    "int too large to convert to float",
                                )
                            }
                        },
                        other => {
                            return err(
                                ExcClass::TypeError,
                                format!("must be real number, not {}", other.type_name()),
                            )
                        }
                    });
                }
                if floats.is_empty() {
                    return stats_err("fmean requires at least one data point");
                }
                let e = exact(&floats)?;
                let total = match e.nonfinite {
                    Some(x) => x,
                    None => e
                        .values
                        .iter()
                        .fold(Frac::int(BigInt::zero()), |s, v| s.add(v))
                        .to_f64()?,
                };
                Ok(Value::Float(total / floats.len() as f64))
            }
            _ => {
                let items = self.iterate(sim, &data)?;
                let e = exact(&items)?;
                let n = e.values.len() as i64;
                let (min, what) = match short {
                    "mean" => (1, "mean requires at least one data point"),
                    "variance" => (2, "variance requires at least two data points"),
                    "stdev" => (2, "stdev requires at least two data points"),
                    "pvariance" => (1, "pvariance requires at least one data point"),
                    _ => (1, "pstdev requires at least one data point"),
                };
                if n < min {
                    return stats_err(what);
                }
                if let Some(x) = e.nonfinite {
                    // CPython carries inf and nan through as floats.
                    let v = if short == "mean" {
                        x / n as f64
                    } else {
                        f64::NAN
                    };
                    return Ok(Value::Float(v));
                }
                if short == "mean" {
                    let total = e
                        .values
                        .iter()
                        .fold(Frac::int(BigInt::zero()), |s, v| s.add(v));
                    return convert(&total.div_int(n), e.float);
                }
                let ss = sum_sq_dev(&e.values);
                let denom = if matches!(short, "variance" | "stdev") {
                    n - 1
                } else {
                    n
                };
                let mss = ss.div_int(denom);
                if short.ends_with("variance") {
                    convert(&mss, e.float)
                } else {
                    float_sqrt_of_frac(&mss.n, &mss.d).map(Value::Float)
                }
            }
        }
    }

    /// `statistics.quantiles(data, *, n=4, method='exclusive')`.
    fn quantiles(&mut self, sim: &mut Sim<Value>, mut a: Args) -> PyResult {
        let n = match a.take_kw("n") {
            None => 4,
            Some(v) => crate::runtime::builtins::want_int(&v, "")?,
        };
        let method = a.take_kw("method").map(|m| m.to_str());
        let method_repr = match &method {
            None => "'exclusive'".to_string(),
            Some(m) => Value::str(m).repr(),
        };
        if !a.kw.is_empty() {
            return err(
                ExcClass::TypeError,
                format!(
                    "quantiles() got an unexpected keyword argument '{}'",
                    a.kw[0].0
                ),
            );
        }
        if a.pos.len() != 1 {
            return err(
                ExcClass::TypeError,
                format!(
                    "quantiles() takes 1 positional argument but {} were given",
                    a.pos.len()
                ),
            );
        }
        if n < 1 {
            return stats_err("n must be at least 1");
        }
        let d = self.sorted_data(sim, &a.pos[0])?;
        let ld = d.len() as i64;
        if ld < 2 {
            return stats_err("must have at least two data points");
        }
        let inclusive = match method.as_deref() {
            None | Some("exclusive") => false,
            Some("inclusive") => true,
            Some(_) => {
                return err(
                    ExcClass::ValueError,
                    format!("Unknown method: {method_repr}"),
                )
            }
        };
        let limit = self.interp.limits.max_collection as i64;
        if n - 1 > limit {
            return err(
                ExcClass::MemoryError,
                format!("list larger than the limit of {limit} items"),
            );
        }
        let mut out = Vec::with_capacity((n - 1) as usize);
        for i in 1..n {
            crate::runtime::builtins::add_work(1);
            let (lo, hi, delta) = if inclusive {
                let m = ld - 1;
                let (j, delta) = ((i * m).div_euclid(n), (i * m).rem_euclid(n));
                (j, j + 1, delta)
            } else {
                let m = ld + 1;
                let j = (i * m).div_euclid(n).clamp(1, ld - 1);
                (j - 1, j, i * m - j * n)
            };
            let x = self.binary_any(sim, BinOp::Mul, &d[lo as usize], &Value::Int(n - delta))?;
            let y = self.binary_any(sim, BinOp::Mul, &d[hi as usize], &Value::Int(delta))?;
            let s = self.binary_any(sim, BinOp::Add, &x, &y)?;
            out.push(self.binary_any(sim, BinOp::Div, &s, &Value::Int(n))?);
        }
        Ok(Value::new_list(out))
    }
}
