//! `datetime` and the calendar half of `time`, on the virtual clock.
//!
//! The virtual clock's 0.0 is the Unix epoch, as in the oracle runner
//! (`tests/oracle/run.py`), so `datetime.now()` starts at 1970-01-01
//! 00:00:00 and moves with `asyncio.sleep`.  There are no time zones: local
//! time is UTC (`time.localtime() == time.gmtime()`, as CPython with
//! `TZ=UTC`, which the runner sets), and `timezone.utc` is the only zone.
//!
//! A datetime is a count of microseconds since the epoch, a date a count of
//! days, a timedelta a count of microseconds: the arithmetic is exact
//! integer arithmetic, as CPython's.

use std::rc::Rc;

use loopscope_sim::Sim;

use crate::compile::code::BinOp;
use crate::front::names::ExcClass;
use crate::runtime::builtins::{want_int, Args};
use crate::runtime::objects::Obj;
use crate::runtime::ops::{err, PyResult};
use crate::runtime::value::Value;
use crate::runtime::vm::Runner;

const US_PER_DAY: i64 = 86_400_000_000;
/// Microseconds from 0001-01-01 to the epoch.
const MIN_US: i64 = -62_135_596_800_000_000;
/// Microseconds from the epoch to 9999-12-31 23:59:59.999999.
const MAX_US: i64 = 253_402_300_799_999_999;
/// The largest timedelta (999999999 days), in microseconds.
const MAX_DELTA_US: i128 = 999_999_999 * US_PER_DAY as i128 + US_PER_DAY as i128 - 1;

/// A value of the `datetime` module.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Dt {
    /// A `datetime`: microseconds since the epoch, and whether it is aware (UTC).
    DateTime(i64, bool),
    /// A `date`: days since the epoch.
    Date(i64),
    /// A `timedelta`, in microseconds (beyond 64 bits: 999999999 days).
    Delta(i128),
    /// `timezone.utc`.
    Utc,
}

impl Dt {
    /// `type(x).__name__`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Dt::DateTime(..) => "datetime",
            Dt::Date(_) => "date",
            Dt::Delta(_) => "timedelta",
            Dt::Utc => "timezone",
        }
    }

    /// `repr(x)`.
    pub fn repr(&self) -> String {
        match *self {
            Dt::DateTime(us, aware) => {
                let c = Civil::of(us);
                let mut s = format!(
                    "datetime.datetime({}, {}, {}, {}, {}",
                    c.y, c.m, c.d, c.hh, c.mm
                );
                if c.ss != 0 || c.us != 0 {
                    s.push_str(&format!(", {}", c.ss));
                }
                if c.us != 0 {
                    s.push_str(&format!(", {}", c.us));
                }
                if aware {
                    s.push_str(", tzinfo=datetime.timezone.utc");
                }
                s.push(')');
                s
            }
            Dt::Date(days) => {
                let (y, m, d) = civil_from_days(days);
                format!("datetime.date({y}, {m}, {d})")
            }
            Dt::Delta(us) => {
                let (d, s, u) = split_delta(us);
                let mut parts = Vec::new();
                if d != 0 {
                    parts.push(format!("days={d}"));
                }
                if s != 0 {
                    parts.push(format!("seconds={s}"));
                }
                if u != 0 {
                    parts.push(format!("microseconds={u}"));
                }
                if parts.is_empty() {
                    "datetime.timedelta(0)".into()
                } else {
                    format!("datetime.timedelta({})", parts.join(", "))
                }
            }
            Dt::Utc => "datetime.timezone.utc".into(),
        }
    }

    /// `str(x)`.
    pub fn to_str(self) -> String {
        match self {
            Dt::DateTime(..) => self.isoformat(' '),
            Dt::Date(_) => self.isoformat('T'),
            Dt::Delta(us) => {
                let (d, s, u) = split_delta(us);
                let mut out = String::new();
                if d != 0 {
                    let plural = if d.abs() != 1 { "s" } else { "" };
                    out.push_str(&format!("{d} day{plural}, "));
                }
                out.push_str(&format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60));
                if u != 0 {
                    out.push_str(&format!(".{u:06}"));
                }
                out
            }
            Dt::Utc => "UTC".into(),
        }
    }

    fn isoformat(&self, sep: char) -> String {
        match *self {
            Dt::DateTime(us, aware) => {
                let c = Civil::of(us);
                let mut s = format!(
                    "{:04}-{:02}-{:02}{sep}{:02}:{:02}:{:02}",
                    c.y, c.m, c.d, c.hh, c.mm, c.ss
                );
                if c.us != 0 {
                    s.push_str(&format!(".{:06}", c.us));
                }
                if aware {
                    s.push_str("+00:00");
                }
                s
            }
            Dt::Date(days) => {
                let (y, m, d) = civil_from_days(days);
                format!("{y:04}-{m:02}-{d:02}")
            }
            other => other.to_str(),
        }
    }
}

/// Days since the epoch to (year, month, day) (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// (year, month, day) to days since the epoch.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn is_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A datetime's fields.
struct Civil {
    y: i64,
    m: i64,
    d: i64,
    hh: i64,
    mm: i64,
    ss: i64,
    us: i64,
    /// Monday is 0.
    wday: i64,
    /// 1 for January 1st.
    yday: i64,
}

impl Civil {
    fn of(us: i64) -> Civil {
        let days = us.div_euclid(US_PER_DAY);
        let rest = us.rem_euclid(US_PER_DAY);
        let (y, m, d) = civil_from_days(days);
        let secs = rest / 1_000_000;
        Civil {
            y,
            m,
            d,
            hh: secs / 3600,
            mm: secs / 60 % 60,
            ss: secs % 60,
            us: rest % 1_000_000,
            // 1970-01-01 was a Thursday (3).
            wday: (days + 3).rem_euclid(7),
            yday: days - days_from_civil(y, 1, 1) + 1,
        }
    }
}

/// (days, seconds, microseconds) as CPython normalises a timedelta.
fn split_delta(us: i128) -> (i64, i64, i64) {
    let d = us.div_euclid(US_PER_DAY as i128) as i64;
    let rest = us.rem_euclid(US_PER_DAY as i128) as i64;
    (d, rest / 1_000_000, rest % 1_000_000)
}

const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `strftime` over a datetime's fields (the C library's directives, in
/// the C locale).
fn strftime(fmt: &str, c: &Civil, aware: bool) -> PyResult<String> {
    let mut out = String::new();
    let mut chars = fmt.chars();
    while let Some(ch) = chars.next() {
        if ch != '%' {
            out.push(ch);
            continue;
        }
        let Some(d) = chars.next() else {
            out.push('%');
            break;
        };
        let day = DAYS[c.wday as usize];
        let month = MONTHS[(c.m - 1).clamp(0, 11) as usize];
        let h12 = if c.hh % 12 == 0 { 12 } else { c.hh % 12 };
        match d {
            'Y' => out.push_str(&c.y.to_string()),
            'y' => out.push_str(&format!("{:02}", c.y % 100)),
            'm' => out.push_str(&format!("{:02}", c.m)),
            'd' => out.push_str(&format!("{:02}", c.d)),
            'e' => out.push_str(&format!("{:2}", c.d)),
            'H' => out.push_str(&format!("{:02}", c.hh)),
            'I' => out.push_str(&format!("{h12:02}")),
            'M' => out.push_str(&format!("{:02}", c.mm)),
            'S' => out.push_str(&format!("{:02}", c.ss)),
            'f' => out.push_str(&format!("{:06}", c.us)),
            'p' => out.push_str(if c.hh < 12 { "AM" } else { "PM" }),
            'a' => out.push_str(&day[..3]),
            'A' => out.push_str(day),
            'b' | 'h' => out.push_str(&month[..3]),
            'B' => out.push_str(month),
            'j' => out.push_str(&format!("{:03}", c.yday)),
            'w' => out.push_str(&((c.wday + 1) % 7).to_string()),
            'u' => out.push_str(&(c.wday + 1).to_string()),
            'z' => out.push_str(if aware { "+0000" } else { "" }),
            'Z' => out.push_str(if aware { "UTC" } else { "" }),
            'c' => out.push_str(&format!(
                "{} {} {:2} {:02}:{:02}:{:02} {}",
                &day[..3],
                &month[..3],
                c.d,
                c.hh,
                c.mm,
                c.ss,
                c.y
            )),
            'x' => out.push_str(&format!("{:02}/{:02}/{:02}", c.m, c.d, c.y % 100)),
            'X' | 'T' => out.push_str(&format!("{:02}:{:02}:{:02}", c.hh, c.mm, c.ss)),
            'D' => out.push_str(&format!("{:02}/{:02}/{:02}", c.m, c.d, c.y % 100)),
            'F' => out.push_str(&format!("{}-{:02}-{:02}", c.y, c.m, c.d)),
            'R' => out.push_str(&format!("{:02}:{:02}", c.hh, c.mm)),
            '%' => out.push('%'),
            other => {
                out.push('%');
                out.push(other);
            }
        }
    }
    crate::runtime::builtins::add_work(out.len() / 16);
    Ok(out)
}

fn dt(v: Dt) -> Value {
    Value::Obj(Rc::new(Obj::Dt(v)))
}

/// The `datetime` value inside `v`, if it is one.
pub fn as_dt(v: &Value) -> Option<Dt> {
    match v {
        Value::Obj(o) => match &**o {
            Obj::Dt(d) => Some(*d),
            _ => None,
        },
        _ => None,
    }
}

fn check_range(us: i128) -> PyResult<i64> {
    if us < MIN_US as i128 || us > MAX_US as i128 {
        return err(ExcClass::OverflowError, "date value out of range");
    }
    Ok(us as i64)
}

/// CPython's error for a timedelta whose days do not fit a C `int`.
const TOO_LARGE: &str = "Python int too large to convert to C int";

/// An int argument (of any size) as an `i128`, if it is an int that fits.
fn int_i128(v: &Value) -> Option<i128> {
    match v {
        Value::Big(b) => num_traits::ToPrimitive::to_i128(&**b),
        other => other.as_i64().map(i128::from),
    }
}

/// A timedelta of `us` microseconds, or CPython's error for its days
/// (normalised as CPython does: whole days down, the rest positive).
fn delta(us: i128) -> PyResult {
    let days = us.div_euclid(US_PER_DAY as i128);
    if days < i32::MIN as i128 || days > i32::MAX as i128 {
        return err(ExcClass::OverflowError, TOO_LARGE);
    }
    if days.abs() > 999_999_999 {
        return err(
            ExcClass::OverflowError,
            format!("days={days}; must have magnitude <= 999999999"),
        );
    }
    Ok(dt(Dt::Delta(us)))
}

/// Seconds (a float or int) to whole microseconds, rounding half to even.
fn seconds_to_us(v: &Value) -> PyResult<i128> {
    match v {
        Value::Float(f) => {
            if !f.is_finite() {
                return err(
                    ExcClass::ValueError,
                    "cannot convert float NaN or infinity to integer",
                );
            }
            Ok((f * 1e6).round_ties_even() as i128)
        }
        other => match other.as_i64() {
            Some(i) => Ok(i as i128 * 1_000_000),
            None => err(
                ExcClass::TypeError,
                format!(
                    "unsupported type for timedelta seconds component: {}",
                    other.type_name()
                ),
            ),
        },
    }
}

/// `a op b` where a datetime value is involved; `None` when the operator
/// does not apply (the caller raises its own `TypeError`).
pub fn binary(op: BinOp, a: &Value, b: &Value) -> Option<PyResult> {
    let (x, y) = (as_dt(a), as_dt(b));
    Some(match (op, x, y) {
        (BinOp::Add, Some(Dt::DateTime(t, z)), Some(Dt::Delta(d)))
        | (BinOp::Add, Some(Dt::Delta(d)), Some(Dt::DateTime(t, z))) => {
            check_range(t as i128 + d).map(|t| dt(Dt::DateTime(t, z)))
        }
        (BinOp::Sub, Some(Dt::DateTime(t, z)), Some(Dt::Delta(d))) => {
            check_range(t as i128 - d).map(|t| dt(Dt::DateTime(t, z)))
        }
        (BinOp::Sub, Some(Dt::DateTime(t, z1)), Some(Dt::DateTime(u, z2))) => {
            if z1 != z2 {
                return Some(err(
                    ExcClass::TypeError,
                    "cannot mix naive and timezone-aware time",
                ));
            }
            delta(t as i128 - u as i128)
        }
        (BinOp::Add, Some(Dt::Date(days)), Some(Dt::Delta(d)))
        | (BinOp::Add, Some(Dt::Delta(d)), Some(Dt::Date(days))) => {
            let n = days as i128 + d.div_euclid(US_PER_DAY as i128);
            check_range(n * US_PER_DAY as i128).map(|_| dt(Dt::Date(n as i64)))
        }
        (BinOp::Sub, Some(Dt::Date(days)), Some(Dt::Delta(d))) => {
            let n = days as i128 - d.div_euclid(US_PER_DAY as i128);
            check_range(n * US_PER_DAY as i128).map(|_| dt(Dt::Date(n as i64)))
        }
        (BinOp::Sub, Some(Dt::Date(p)), Some(Dt::Date(q))) => {
            delta((p as i128 - q as i128) * US_PER_DAY as i128)
        }
        (BinOp::Add, Some(Dt::Delta(p)), Some(Dt::Delta(q))) => delta(p + q),
        (BinOp::Sub, Some(Dt::Delta(p)), Some(Dt::Delta(q))) => delta(p - q),
        (BinOp::Mul, Some(Dt::Delta(p)), None) | (BinOp::Mul, None, Some(Dt::Delta(p))) => {
            let n = if x.is_some() { b } else { a };
            match n {
                Value::Float(f) => delta((p as f64 * f).round_ties_even() as i128),
                other => match int_i128(other) {
                    Some(k) => match p.checked_mul(k) {
                        Some(us) => delta(us),
                        None => err(ExcClass::OverflowError, TOO_LARGE),
                    },
                    None if matches!(other, Value::Big(_)) => match p {
                        0 => delta(0),
                        _ => err(ExcClass::OverflowError, TOO_LARGE),
                    },
                    None => return None,
                },
            }
        }
        (BinOp::Div, Some(Dt::Delta(p)), Some(Dt::Delta(q))) => {
            if q == 0 {
                return Some(err(ExcClass::ZeroDivisionError, "division by zero"));
            }
            Ok(Value::Float(p as f64 / q as f64))
        }
        (BinOp::FloorDiv, Some(Dt::Delta(p)), Some(Dt::Delta(q))) => {
            if q == 0 {
                return Some(err(
                    ExcClass::ZeroDivisionError,
                    "integer division or modulo by zero",
                ));
            }
            Ok(Value::from_big(num_bigint::BigInt::from(p.div_euclid(q))))
        }
        (BinOp::Div | BinOp::FloorDiv, Some(Dt::Delta(p)), None) => match b {
            Value::Float(f) if op == BinOp::Div => {
                if *f == 0.0 {
                    return Some(err(ExcClass::ZeroDivisionError, "float division by zero"));
                }
                delta((p as f64 / f).round_ties_even() as i128)
            }
            other => match other.as_i64() {
                Some(0) => err(
                    ExcClass::ZeroDivisionError,
                    "integer division or modulo by zero",
                ),
                Some(k) if op == BinOp::FloorDiv => delta(p.div_euclid(k as i128)),
                Some(k) => {
                    // Round half to even, as CPython divides.
                    let (q, r) = (p.div_euclid(k as i128), p.rem_euclid(k as i128));
                    let twice = 2 * r;
                    let k = (k as i128).abs();
                    let q = if twice > k || (twice == k && q % 2 != 0) {
                        q + 1
                    } else {
                        q
                    };
                    delta(q)
                }
                None => return None,
            },
        },
        _ => return None,
    })
}

/// Orders two datetime values of one kind; `None` for other pairs.
pub fn order(a: &Value, b: &Value) -> Option<PyResult<std::cmp::Ordering>> {
    match (as_dt(a)?, as_dt(b)?) {
        (Dt::DateTime(t, z1), Dt::DateTime(u, z2)) => Some(if z1 == z2 {
            Ok(t.cmp(&u))
        } else {
            err(
                ExcClass::TypeError,
                "can't compare offset-naive and offset-aware datetimes",
            )
        }),
        (Dt::Date(p), Dt::Date(q)) => Some(Ok(p.cmp(&q))),
        (Dt::Delta(p), Dt::Delta(q)) => Some(Ok(p.cmp(&q))),
        _ => None,
    }
}

/// `a == b` for datetime values; `None` when either is not one.
pub fn eq(a: &Value, b: &Value) -> Option<bool> {
    let (x, y) = (as_dt(a)?, as_dt(b)?);
    Some(x == y)
}

/// The public names of `datetime`.
pub const NAMES: &[&str] = &[
    "datetime.datetime",
    "datetime.date",
    "datetime.timedelta",
    "datetime.timezone",
];

/// `time` functions that read or format the calendar.
pub const TIME_NAMES: &[&str] = &[
    "time.gmtime",
    "time.localtime",
    "time.strftime",
    "time.ctime",
    "time.asctime",
    "time.mktime",
    "time.struct_time",
];

/// Class attributes: `datetime.now`, `timezone.utc`, `timedelta.max`…
pub fn class_attr(class: &str, name: &str) -> Option<Value> {
    Some(match (class, name) {
        ("datetime.timezone", "utc") => dt(Dt::Utc),
        ("datetime.datetime", "now") => Value::Builtin("datetime.datetime.now"),
        ("datetime.datetime", "utcnow") => Value::Builtin("datetime.datetime.utcnow"),
        ("datetime.datetime", "today") => Value::Builtin("datetime.datetime.today"),
        ("datetime.datetime", "fromtimestamp") => Value::Builtin("datetime.datetime.fromtimestamp"),
        ("datetime.datetime", "utcfromtimestamp") => {
            Value::Builtin("datetime.datetime.utcfromtimestamp")
        }
        ("datetime.datetime", "fromisoformat") => Value::Builtin("datetime.datetime.fromisoformat"),
        ("datetime.date", "today") => Value::Builtin("datetime.date.today"),
        ("datetime.date", "fromtimestamp") => Value::Builtin("datetime.date.fromtimestamp"),
        ("datetime.timedelta", "max") => dt(Dt::Delta(MAX_DELTA_US)),
        ("datetime.timedelta", "min") => dt(Dt::Delta(-999_999_999 * US_PER_DAY as i128)),
        ("datetime.timedelta", "resolution") => dt(Dt::Delta(1)),
        ("datetime.datetime", "min") => dt(Dt::DateTime(MIN_US, false)),
        ("datetime.datetime", "max") => dt(Dt::DateTime(MAX_US, false)),
        _ => return None,
    })
}

/// Attributes of a datetime value; `None` for methods (bound by the caller).
pub fn attr(d: Dt, name: &str) -> Option<PyResult> {
    let int = |i: i64| Some(Ok(Value::Int(i)));
    match (d, name) {
        (Dt::DateTime(us, _), _) => {
            let c = Civil::of(us);
            match name {
                "year" => int(c.y),
                "month" => int(c.m),
                "day" => int(c.d),
                "hour" => int(c.hh),
                "minute" => int(c.mm),
                "second" => int(c.ss),
                "microsecond" => int(c.us),
                "tzinfo" => Some(Ok(if matches!(d, Dt::DateTime(_, true)) {
                    dt(Dt::Utc)
                } else {
                    Value::None
                })),
                _ => None,
            }
        }
        (Dt::Date(days), _) => {
            let (y, m, dd) = civil_from_days(days);
            match name {
                "year" => int(y),
                "month" => int(m),
                "day" => int(dd),
                _ => None,
            }
        }
        (Dt::Delta(us), _) => {
            let (dd, s, u) = split_delta(us);
            match name {
                "days" => int(dd),
                "seconds" => int(s),
                "microseconds" => int(u),
                _ => None,
            }
        }
        (Dt::Utc, _) => None,
    }
}

/// Fields of a `time.struct_time`.
const STRUCT_TIME: &[&str] = &[
    "tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec", "tm_wday", "tm_yday", "tm_isdst",
];

fn struct_time(us: i64) -> Value {
    let c = Civil::of(us);
    crate::runtime::library::namedtuple::fixed(
        "time.struct_time",
        STRUCT_TIME,
        vec![
            Value::Int(c.y),
            Value::Int(c.m),
            Value::Int(c.d),
            Value::Int(c.hh),
            Value::Int(c.mm),
            Value::Int(c.ss),
            Value::Int(c.wday),
            Value::Int(c.yday),
            Value::Int(0),
        ],
    )
}

/// A `struct_time` (or a 9-tuple) back to microseconds since the epoch.
fn from_struct_time(v: &Value) -> PyResult<(i64, Civil)> {
    let Some(t) = crate::runtime::library::namedtuple::as_tuple(v) else {
        return err(
            ExcClass::TypeError,
            "Tuple or struct_time argument required",
        );
    };
    if t.len() != 9 {
        return err(
            ExcClass::TypeError,
            format!(
                "time.struct_time() takes a sequence of length 9 ({} given)",
                t.len()
            ),
        );
    }
    let f: Vec<i64> = t.iter().map(|v| want_int(v, "")).collect::<PyResult<_>>()?;
    let days = days_from_civil(f[0], f[1], f[2]);
    let us = (days * 86_400 + f[3] * 3600 + f[4] * 60 + f[5]) * 1_000_000;
    let c = Civil {
        y: f[0],
        m: f[1],
        d: f[2],
        hh: f[3],
        mm: f[4],
        ss: f[5],
        us: 0,
        wday: f[6].rem_euclid(7),
        yday: f[7],
    };
    Ok((us, c))
}

fn now_us(sim: &Sim<Value>) -> i64 {
    (sim.now() * 1e6).round_ties_even() as i64
}

fn timestamp_us(v: &Value) -> PyResult<i64> {
    let us = seconds_to_us(v)?;
    check_range(us)
}

fn ctime_of(c: &Civil) -> String {
    format!(
        "{} {} {:2} {:02}:{:02}:{:02} {}",
        &DAYS[c.wday as usize][..3],
        &MONTHS[(c.m - 1).clamp(0, 11) as usize][..3],
        c.d,
        c.hh,
        c.mm,
        c.ss,
        c.y
    )
}

fn tz_arg(v: Option<Value>) -> PyResult<bool> {
    match v {
        None | Some(Value::None) => Ok(false),
        Some(v) if as_dt(&v) == Some(Dt::Utc) => Ok(true),
        Some(v) => err(
            ExcClass::TypeError,
            format!(
                "tzinfo argument must be None or of a tzinfo subclass, not type '{}'",
                v.type_name()
            ),
        ),
    }
}

impl Runner {
    /// Calls a `datetime` class, class method or a `time` calendar function.
    pub(crate) fn call_datetime(
        &mut self,
        sim: &mut Sim<Value>,
        name: &str,
        mut a: Args,
    ) -> PyResult {
        let opt = |a: &Args, i: usize| a.pos.get(i).cloned().filter(|v| !matches!(v, Value::None));
        match name {
            "time.gmtime" | "time.localtime" => {
                let us = match opt(&a, 0) {
                    Some(v) => timestamp_us(&v)?.div_euclid(1_000_000) * 1_000_000,
                    None => now_us(sim).div_euclid(1_000_000) * 1_000_000,
                };
                Ok(struct_time(us))
            }
            "time.mktime" => {
                let (us, _) = from_struct_time(&a.pos.first().cloned().unwrap_or(Value::None))?;
                Ok(Value::Float(us as f64 / 1e6))
            }
            "time.strftime" => {
                let Some(Value::Str(fmt)) = a.pos.first() else {
                    return err(ExcClass::TypeError, "strftime() argument 1 must be str");
                };
                let c = match a.pos.get(1) {
                    Some(t) => from_struct_time(t)?.1,
                    None => Civil::of(now_us(sim).div_euclid(1_000_000) * 1_000_000),
                };
                Ok(Value::str(&strftime(fmt, &c, false)?))
            }
            "time.ctime" => {
                let us = match opt(&a, 0) {
                    Some(v) => timestamp_us(&v)?,
                    None => now_us(sim),
                };
                Ok(Value::str(&ctime_of(&Civil::of(us))))
            }
            "time.asctime" => {
                let c = match a.pos.first() {
                    Some(t) => from_struct_time(t)?.1,
                    None => Civil::of(now_us(sim)),
                };
                Ok(Value::str(&ctime_of(&c)))
            }
            "time.struct_time" => {
                let items = crate::runtime::builtins::iterate_simple(
                    a.pos.first().unwrap_or(&Value::None),
                )?;
                let v = Value::new_tuple(items);
                from_struct_time(&v)?;
                let Value::Tuple(t) = v else {
                    return Ok(Value::None);
                };
                Ok(crate::runtime::library::namedtuple::fixed(
                    "time.struct_time",
                    STRUCT_TIME,
                    t.0.clone(),
                ))
            }
            "datetime.datetime.now" | "datetime.datetime.today" => {
                let aware = tz_arg(a.get(0, "tz"))?;
                Ok(dt(Dt::DateTime(now_us(sim), aware)))
            }
            "datetime.datetime.utcnow" => Ok(dt(Dt::DateTime(now_us(sim), false))),
            "datetime.datetime.fromtimestamp" | "datetime.datetime.utcfromtimestamp" => {
                let t = a.get(0, "timestamp").unwrap_or(Value::None);
                let aware = tz_arg(a.get(1, "tz"))?;
                Ok(dt(Dt::DateTime(timestamp_us(&t)?, aware)))
            }
            "datetime.date.today" => Ok(dt(Dt::Date(now_us(sim).div_euclid(US_PER_DAY)))),
            "datetime.date.fromtimestamp" => {
                let t = a.get(0, "timestamp").unwrap_or(Value::None);
                Ok(dt(Dt::Date(timestamp_us(&t)?.div_euclid(US_PER_DAY))))
            }
            "datetime.datetime.fromisoformat" => {
                let Some(Value::Str(s)) = a.pos.first() else {
                    return err(ExcClass::TypeError, "fromisoformat: argument must be str");
                };
                parse_iso(s)
            }
            "datetime.datetime" | "datetime.date" => {
                let names = [
                    "year",
                    "month",
                    "day",
                    "hour",
                    "minute",
                    "second",
                    "microsecond",
                ];
                let n = if name == "datetime.date" { 3 } else { 7 };
                let aware = if n == 7 {
                    tz_arg(a.get(7, "tzinfo"))?
                } else {
                    false
                };
                let mut f = [0i64; 7];
                for (i, field) in names.iter().enumerate().take(n) {
                    match a.get(i, field) {
                        Some(v) => f[i] = want_int(&v, "")?,
                        None if i < 3 => {
                            return err(
                                ExcClass::TypeError,
                                format!(
                                    "function missing required argument '{field}' (pos {})",
                                    i + 1
                                ),
                            )
                        }
                        None => {}
                    }
                }
                a.no_more_kw(if n == 3 { "date" } else { "datetime" })?;
                validate(&f)?;
                let days = days_from_civil(f[0], f[1], f[2]);
                if n == 3 {
                    return Ok(dt(Dt::Date(days)));
                }
                let us = days * US_PER_DAY + (f[3] * 3600 + f[4] * 60 + f[5]) * 1_000_000 + f[6];
                Ok(dt(Dt::DateTime(us, aware)))
            }
            "datetime.timedelta" => {
                let units: [(&str, i128); 7] = [
                    ("days", US_PER_DAY as i128),
                    ("seconds", 1_000_000),
                    ("microseconds", 1),
                    ("milliseconds", 1_000),
                    ("minutes", 60_000_000),
                    ("hours", 3_600_000_000),
                    ("weeks", 7 * US_PER_DAY as i128),
                ];
                let mut total_int: i128 = 0;
                let mut total_float = 0.0f64;
                let mut any_float = false;
                let mut any_infinite = false;
                for (i, (unit, scale)) in units.iter().enumerate() {
                    let v = if i < 3 {
                        a.get(i, unit)
                    } else {
                        a.take_kw(unit)
                    };
                    match v {
                        None => {}
                        Some(Value::Float(x)) => {
                            any_float = true;
                            any_infinite |= x.is_infinite();
                            total_float += x * *scale as f64;
                        }
                        Some(v) => match int_i128(&v) {
                            Some(k) => {
                                match k.checked_mul(*scale).and_then(|x| total_int.checked_add(x)) {
                                    Some(t) => total_int = t,
                                    None => return err(ExcClass::OverflowError, TOO_LARGE),
                                }
                            }
                            None if matches!(v, Value::Big(_)) => {
                                return err(ExcClass::OverflowError, TOO_LARGE)
                            }
                            None => {
                                return err(
                                    ExcClass::TypeError,
                                    format!(
                                        "unsupported type for timedelta {unit} component: {}",
                                        v.type_name()
                                    ),
                                )
                            }
                        },
                    }
                }
                a.no_more_kw("timedelta")?;
                if any_float {
                    if total_float.is_nan() {
                        return err(ExcClass::ValueError, "cannot convert float NaN to integer");
                    }
                    if any_infinite {
                        return err(
                            ExcClass::OverflowError,
                            "cannot convert float infinity to integer",
                        );
                    }
                    // A float too large for any timedelta saturates, and
                    // `delta` then refuses it.
                    total_int = total_int.saturating_add(total_float.round_ties_even() as i128);
                }
                delta(total_int)
            }
            "datetime.timezone" => err(
                ExcClass::TypeError,
                "only datetime.timezone.utc is supported (Loopscope has no time zones)",
            ),
            _ => err(ExcClass::AttributeError, format!("no attribute '{name}'")),
        }
    }

    /// Methods of datetime values.
    pub(crate) fn datetime_method(&mut self, d: Dt, name: &str, mut a: Args) -> PyResult {
        match (d, name) {
            (Dt::DateTime(us, aware), "strftime") => {
                let Some(Value::Str(fmt)) = a.pos.first() else {
                    return err(ExcClass::TypeError, "strftime() argument 1 must be str");
                };
                Ok(Value::str(&strftime(fmt, &Civil::of(us), aware)?))
            }
            (Dt::Date(days), "strftime") => {
                let Some(Value::Str(fmt)) = a.pos.first() else {
                    return err(ExcClass::TypeError, "strftime() argument 1 must be str");
                };
                Ok(Value::str(&strftime(
                    fmt,
                    &Civil::of(days * US_PER_DAY),
                    false,
                )?))
            }
            (Dt::DateTime(..), "isoformat") => {
                let sep = match a.get(0, "sep") {
                    Some(Value::Str(s)) => s.chars().next().unwrap_or('T'),
                    _ => 'T',
                };
                Ok(Value::str(&d.isoformat(sep)))
            }
            (Dt::Date(_), "isoformat") => Ok(Value::str(&d.isoformat('T'))),
            (Dt::DateTime(us, _), "timestamp") => Ok(Value::Float(us as f64 / 1e6)),
            (Dt::DateTime(us, _), "date") => Ok(dt(Dt::Date(us.div_euclid(US_PER_DAY)))),
            (Dt::DateTime(us, _), "weekday" | "isoweekday")
            | (Dt::Date(us), "weekday" | "isoweekday") => {
                let days = if matches!(d, Dt::Date(_)) {
                    us
                } else {
                    us.div_euclid(US_PER_DAY)
                };
                let w = (days + 3).rem_euclid(7);
                Ok(Value::Int(if name == "weekday" { w } else { w + 1 }))
            }
            (Dt::DateTime(us, _), "timetuple") => {
                Ok(struct_time(us.div_euclid(1_000_000) * 1_000_000))
            }
            (Dt::DateTime(us, aware), "replace") => {
                let c = Civil::of(us);
                let mut f = [c.y, c.m, c.d, c.hh, c.mm, c.ss, c.us];
                let names = [
                    "year",
                    "month",
                    "day",
                    "hour",
                    "minute",
                    "second",
                    "microsecond",
                ];
                for (i, n) in names.iter().enumerate() {
                    if let Some(v) = a.get(i, n) {
                        f[i] = want_int(&v, "")?;
                    }
                }
                let aware = match a.take_kw("tzinfo") {
                    Some(v) => tz_arg(Some(v))?,
                    None => aware,
                };
                a.no_more_kw("replace")?;
                validate(&f)?;
                let days = days_from_civil(f[0], f[1], f[2]);
                let us = days * US_PER_DAY + (f[3] * 3600 + f[4] * 60 + f[5]) * 1_000_000 + f[6];
                Ok(dt(Dt::DateTime(us, aware)))
            }
            (Dt::Delta(us), "total_seconds") => Ok(Value::Float(us as f64 / 1e6)),
            (Dt::Utc, "utcoffset") => Ok(dt(Dt::Delta(0))),
            (Dt::Utc, "tzname") => Ok(Value::str("UTC")),
            _ => err(
                ExcClass::AttributeError,
                format!(
                    "'datetime.{}' object has no attribute '{name}'",
                    d.type_name()
                ),
            ),
        }
    }
}

/// Checks datetime fields with the messages of CPython's `_pydatetime`
/// (the oracle runs the pure-Python module, whose `now()` reads the
/// virtual clock): a `ValueError` with the message and the value.
fn validate(f: &[i64; 7]) -> PyResult<()> {
    let fail = |msg: String, v: i64| -> PyResult<()> {
        Err(Value::Exc(Rc::new(crate::runtime::exc::Exc::new(
            ExcClass::ValueError,
            vec![Value::str(&msg), Value::Int(v)],
        ))))
    };
    if !(1..=9999).contains(&f[0]) {
        return fail("year must be in 1..9999".into(), f[0]);
    }
    if !(1..=12).contains(&f[1]) {
        return fail("month must be in 1..12".into(), f[1]);
    }
    let dim = days_in_month(f[0], f[1]);
    if f[2] < 1 || f[2] > dim {
        return fail(format!("day must be in 1..{dim}"), f[2]);
    }
    let checks = [
        (3, 23, "hour"),
        (4, 59, "minute"),
        (5, 59, "second"),
        (6, 999_999, "microsecond"),
    ];
    for (i, max, what) in checks {
        if !(0..=max).contains(&f[i]) {
            return fail(format!("{what} must be in 0..{max}"), f[i]);
        }
    }
    Ok(())
}

/// `datetime.fromisoformat` for `YYYY-MM-DD[( |T)HH:MM[:SS[.ffffff]]][+00:00]`.
fn parse_iso(s: &str) -> PyResult {
    let bad = || {
        err(
            ExcClass::ValueError,
            format!(
                "Invalid isoformat string: {}",
                crate::runtime::value::str_repr(s)
            ),
        )
    };
    let (body, aware) = match s.strip_suffix("+00:00").or_else(|| s.strip_suffix('Z')) {
        Some(b) => (b, true),
        None => (s, false),
    };
    let num = |t: &str| t.parse::<i64>().ok();
    if body.len() < 10 || !body.is_char_boundary(10) {
        return bad();
    }
    let (date, rest) = body.split_at(10);
    let parts: Vec<&str> = date.split('-').collect();
    let [y, m, d] = parts[..] else { return bad() };
    let (Some(y), Some(m), Some(d)) = (num(y), num(m), num(d)) else {
        return bad();
    };
    let mut f = [y, m, d, 0, 0, 0, 0];
    if !rest.is_empty() {
        let time = &rest[1..];
        let (hms, frac) = match time.split_once('.') {
            Some((a, b)) => (a, Some(b)),
            None => (time, None),
        };
        for (i, p) in hms.split(':').enumerate() {
            match (i, num(p)) {
                (0..=2, Some(v)) => f[3 + i] = v,
                _ => return bad(),
            }
        }
        if let Some(fr) = frac {
            let digits: String = fr.chars().chain(std::iter::repeat('0')).take(6).collect();
            match num(&digits) {
                Some(v) if fr.len() <= 6 => f[6] = v,
                _ => return bad(),
            }
        }
    }
    validate(&f)?;
    let days = days_from_civil(f[0], f[1], f[2]);
    Ok(dt(Dt::DateTime(
        days * US_PER_DAY + (f[3] * 3600 + f[4] * 60 + f[5]) * 1_000_000 + f[6],
        aware,
    )))
}
