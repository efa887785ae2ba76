//! CPython's Mersenne Twister (`_randommodule.c`) and the `random` functions
//! built on it, so seeded programs draw the same numbers as CPython.
//!
//! A program that never calls `random.seed` still runs deterministically:
//! the generator starts as if `random.seed(0)` had been called.

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};

const N: usize = 624;
const M: usize = 397;

/// The MT19937 generator.
pub struct Mt19937 {
    mt: [u32; N],
    index: usize,
}

impl Default for Mt19937 {
    fn default() -> Self {
        Mt19937::seeded(&BigInt::zero())
    }
}

impl Mt19937 {
    fn init_genrand(s: u32) -> Mt19937 {
        let mut mt = [0u32; N];
        mt[0] = s;
        for i in 1..N {
            mt[i] = 1812433253u32
                .wrapping_mul(mt[i - 1] ^ (mt[i - 1] >> 30))
                .wrapping_add(i as u32);
        }
        Mt19937 { mt, index: N }
    }

    /// `random.seed(n)` for an int `n` (its absolute value, as CPython uses).
    pub fn seeded(n: &BigInt) -> Mt19937 {
        let mut key: Vec<u32> = n.abs().to_u32_digits().1;
        if key.is_empty() {
            key.push(0);
        }
        let mut g = Mt19937::init_genrand(19650218);
        let mt = &mut g.mt;
        let (mut i, mut j) = (1usize, 0usize);
        let mut k = N.max(key.len());
        while k > 0 {
            mt[i] = (mt[i] ^ (mt[i - 1] ^ (mt[i - 1] >> 30)).wrapping_mul(1664525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
            k -= 1;
        }
        k = N - 1;
        while k > 0 {
            mt[i] = (mt[i] ^ (mt[i - 1] ^ (mt[i - 1] >> 30)).wrapping_mul(1566083941))
                .wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
            k -= 1;
        }
        mt[0] = 0x8000_0000;
        g
    }

    fn genrand(&mut self) -> u32 {
        if self.index >= N {
            for kk in 0..N {
                let y = (self.mt[kk] & 0x8000_0000) | (self.mt[(kk + 1) % N] & 0x7fff_ffff);
                let mut v = self.mt[(kk + M) % N] ^ (y >> 1);
                if y & 1 != 0 {
                    v ^= 0x9908_b0df;
                }
                self.mt[kk] = v;
            }
            self.index = 0;
        }
        let mut y = self.mt[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^= y >> 18;
        y
    }

    /// `random.random()`.
    pub fn random(&mut self) -> f64 {
        let a = (self.genrand() >> 5) as f64;
        let b = (self.genrand() >> 6) as f64;
        (a * 67108864.0 + b) * (1.0 / 9007199254740992.0)
    }

    /// `random.getrandbits(k)`.
    pub fn getrandbits(&mut self, k: u32) -> BigInt {
        if k == 0 {
            return BigInt::zero();
        }
        if k <= 32 {
            return BigInt::from(self.genrand() >> (32 - k));
        }
        let words = k.div_ceil(32);
        let mut digits = Vec::with_capacity(words as usize);
        let mut left = k;
        for _ in 0..words {
            let mut r = self.genrand();
            if left < 32 {
                r >>= 32 - left;
            }
            digits.push(r);
            left = left.saturating_sub(32);
        }
        BigInt::from_slice(num_bigint::Sign::Plus, &digits)
    }

    /// `random._randbelow(n)` for `n > 0`.
    pub fn randbelow(&mut self, n: &BigInt) -> BigInt {
        let k = n.bits() as u32;
        loop {
            let r = self.getrandbits(k);
            if &r < n {
                return r;
            }
        }
    }

    /// `_randbelow` for small bounds.
    pub fn randbelow_usize(&mut self, n: usize) -> usize {
        self.randbelow(&BigInt::from(n)).to_usize().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_cpython_seed_42() {
        // random.seed(42); random.random() == 0.6394267984578837
        let mut g = Mt19937::seeded(&BigInt::from(42));
        assert_eq!(g.random(), 0.6394267984578837);
        assert_eq!(g.random(), 0.025010755222666936);
        // random.seed(1); [random.randint(1, 10) for _ in range(3)] == [3, 10, 2]
        let mut g = Mt19937::seeded(&BigInt::from(1));
        let v: Vec<BigInt> = (0..3).map(|_| g.randbelow(&BigInt::from(10)) + 1).collect();
        assert_eq!(v, vec![BigInt::from(3), BigInt::from(10), BigInt::from(2)]);
    }
}

mod calls {
    use num_bigint::BigInt;
    use num_traits::ToPrimitive;

    use super::Mt19937;
    use crate::front::names::ExcClass;
    use crate::runtime::builtins::{iterate_simple, want_f64, Args};
    use crate::runtime::ops::{err, PyResult};
    use crate::runtime::value::Value;
    use crate::runtime::vm::{CallOut, Runner};

    fn int_arg(v: &Value, func: &str) -> PyResult<BigInt> {
        match v {
            Value::Float(f) if f.fract() == 0.0 => Ok(BigInt::from(*f as i64)),
            other => other.as_bigint().ok_or_else(|| {
                crate::runtime::exc::Exc::value(
                    ExcClass::TypeError,
                    format!(
                        "{func}: '{}' object cannot be interpreted as an integer",
                        other.type_name()
                    ),
                )
            }),
        }
    }

    impl Runner {
        /// Calls a `random` module function.
        pub fn call_random(&mut self, name: &'static str, a: &mut Args) -> PyResult<CallOut> {
            let mut rng = self.interp.rng.borrow_mut();
            let v = match name {
                "random.seed" => {
                    let n = match a.get(0, "a") {
                        None | Some(Value::None) => BigInt::from(0),
                        Some(Value::Float(f)) => BigInt::from(f.to_bits() as i64),
                        Some(Value::Str(s)) => {
                            BigInt::from_bytes_be(num_bigint::Sign::Plus, s.as_bytes())
                        }
                        Some(v) => int_arg(&v, "seed")?,
                    };
                    *rng = Mt19937::seeded(&n);
                    Value::None
                }
                "random.random" => Value::Float(rng.random()),
                "random.uniform" => {
                    let lo = want_f64(&a.get(0, "a").unwrap_or(Value::None), "uniform")?;
                    let hi = want_f64(&a.get(1, "b").unwrap_or(Value::None), "uniform")?;
                    Value::Float(lo + (hi - lo) * rng.random())
                }
                "random.randint" | "random.randrange" => {
                    let x = int_arg(&a.get(0, "a").unwrap_or(Value::None), name)?;
                    let (lo, hi, step) = if name == "random.randint" {
                        (
                            x,
                            int_arg(&a.get(1, "b").unwrap_or(Value::None), name)? + 1,
                            BigInt::from(1),
                        )
                    } else {
                        match a.get(1, "stop") {
                            None | Some(Value::None) => (BigInt::from(0), x, BigInt::from(1)),
                            Some(stop) => (
                                x,
                                int_arg(&stop, name)?,
                                a.get(2, "step")
                                    .map(|s| int_arg(&s, name))
                                    .transpose()?
                                    .unwrap_or(BigInt::from(1)),
                            ),
                        }
                    };
                    let width = &hi - &lo;
                    if step == BigInt::from(1) {
                        if width <= BigInt::from(0) {
                            return err(
                                ExcClass::ValueError,
                                format!("empty range in randrange({lo}, {hi})"),
                            );
                        }
                        Value::from_big(lo + rng.randbelow(&width))
                    } else {
                        if step == BigInt::from(0) {
                            return err(ExcClass::ValueError, "zero step for randrange()");
                        }
                        let n = if step > BigInt::from(0) {
                            (&width + &step - 1) / &step
                        } else {
                            (&width + &step + 1) / &step
                        };
                        if n <= BigInt::from(0) {
                            return err(ExcClass::ValueError, "empty range for randrange()");
                        }
                        Value::from_big(lo + step * rng.randbelow(&n))
                    }
                }
                "random.choice" => {
                    let seq = iterate_simple(&a.get(0, "seq").unwrap_or(Value::None))?;
                    if seq.is_empty() {
                        return err(ExcClass::IndexError, "Cannot choose from an empty sequence");
                    }
                    seq[rng.randbelow_usize(seq.len())].clone()
                }
                "random.shuffle" => {
                    let Some(Value::List(l)) = a.get(0, "x") else {
                        return err(ExcClass::TypeError, "shuffle() needs a list");
                    };
                    let mut l = l.borrow_mut();
                    for i in (1..l.len()).rev() {
                        let j = rng.randbelow_usize(i + 1);
                        l.swap(i, j);
                    }
                    Value::None
                }
                "random.sample" => {
                    let pop = iterate_simple(&a.get(0, "population").unwrap_or(Value::None))?;
                    let k = a.get(1, "k").and_then(|v| v.as_i64()).unwrap_or(0);
                    let n = pop.len();
                    if k < 0 || k as usize > n {
                        return err(
                            ExcClass::ValueError,
                            "Sample larger than population or is negative",
                        );
                    }
                    let k = k as usize;
                    let mut setsize = 21usize;
                    if k > 5 {
                        let e = ((k * 3) as f64).ln() / 4f64.ln();
                        setsize += 4usize.pow(e.ceil() as u32);
                    }
                    let mut result = Vec::with_capacity(k);
                    if n <= setsize {
                        let mut pool = pop.clone();
                        for i in 0..k {
                            let j = rng.randbelow_usize(n - i);
                            result.push(pool[j].clone());
                            pool[j] = pool[n - i - 1].clone();
                        }
                    } else {
                        let mut selected = std::collections::HashSet::new();
                        for _ in 0..k {
                            let mut j = rng.randbelow_usize(n);
                            while selected.contains(&j) {
                                j = rng.randbelow_usize(n);
                            }
                            selected.insert(j);
                            result.push(pop[j].clone());
                        }
                    }
                    Value::new_list(result)
                }
                "random.getrandbits" => {
                    let k = a.get(0, "k").and_then(|v| v.as_i64()).unwrap_or(0);
                    Value::from_big(rng.getrandbits(k.clamp(0, 1 << 20) as u32))
                }
                _ => {
                    return err(
                        ExcClass::AttributeError,
                        format!("module 'random' has no attribute '{}'", &name[7..]),
                    )
                }
            };
            let _ = v.as_i64().map(|i| i.to_i64());
            Ok(CallOut::Value(v))
        }
    }
}
