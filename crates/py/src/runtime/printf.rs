//! printf-style string formatting, `fmt % args`, as CPython's
//! `PyUnicode_Format` does it: `%[(key)][flags][width][.precision]conversion`
//! with the flags `#0- +`, `*` widths and precisions taken from the
//! arguments, the conversions `d i u o x X e E f F g G c r s a %`, and
//! CPython's errors for a missing, extra or wrongly typed argument.
//!
//! The numbers are formatted by the format-spec machinery (`pyfmt`), which
//! `%` conversions map onto: `%-08.3f` is the spec `<8.3f`, `%+05d` is
//! `+05d`.

use loopscope_sim::Sim;

use crate::front::names::ExcClass;
use crate::runtime::ops::{err, PyResult};
use crate::runtime::value::Value;
use crate::runtime::vm::Runner;

/// Where the conversions take their values from.
enum Source<'a> {
    /// A tuple's items (or the one value that is not a tuple), in order.
    Items(&'a [Value], usize),
    /// A mapping, for `%(key)s`.
    Mapping(&'a Value),
}

/// One conversion's flags, width and precision.
#[derive(Default)]
struct Conv {
    left: bool,
    zero: bool,
    plus: bool,
    space: bool,
    alt: bool,
    width: Option<usize>,
    precision: Option<usize>,
}

impl Runner {
    /// `fmt % args`.
    pub(crate) fn percent_format(
        &mut self,
        sim: &mut Sim<Value>,
        fmt: &str,
        args: &Value,
        max_len: usize,
    ) -> PyResult<String> {
        let one = [args.clone()];
        let is_mapping = matches!(args, Value::Dict(_));
        let mut src = match args {
            Value::Tuple(t) => Source::Items(t, 0),
            _ if is_mapping && fmt.contains("%(") => Source::Mapping(args),
            _ => Source::Items(&one, 0),
        };
        let chars: Vec<char> = fmt.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            i += 1;
            if c != '%' {
                out.push(c);
                continue;
            }
            let mut key = None;
            if chars.get(i) == Some(&'(') {
                // A key may itself hold balanced parentheses.
                let mut depth = 1;
                let from = i + 1;
                i += 1;
                while i < chars.len() && depth > 0 {
                    match chars[i] {
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        _ => {}
                    }
                    i += 1;
                }
                if depth > 0 {
                    return err(ExcClass::ValueError, "incomplete format key");
                }
                key = Some(chars[from..i - 1].iter().collect::<String>());
            }
            let mut conv = Conv::default();
            while let Some(&f) = chars.get(i) {
                match f {
                    '-' => conv.left = true,
                    '0' => conv.zero = true,
                    '+' => conv.plus = true,
                    ' ' => conv.space = true,
                    '#' => conv.alt = true,
                    _ => break,
                }
                i += 1;
            }
            if let Some(w) = number_or_star(&chars, &mut i, &mut src)? {
                // A negative `*` width left-aligns, as the `-` flag does.
                conv.left |= w < 0;
                conv.width = Some(w.unsigned_abs() as usize);
            }
            if chars.get(i) == Some(&'.') {
                i += 1;
                let p = number_or_star(&chars, &mut i, &mut src)?.unwrap_or(0);
                let p = p.max(0) as usize;
                // `%.Nd` pads with zeros before the string is formatted, so
                // its size is refused here, as a width is.
                if let Err(m) = crate::runtime::pyfmt::check_size(p) {
                    return err(ExcClass::ValueError, m);
                }
                conv.precision = Some(p);
            }
            // Length modifiers are accepted and ignored, as in CPython.
            while matches!(chars.get(i), Some('h' | 'l' | 'L')) {
                i += 1;
            }
            let Some(&ty) = chars.get(i) else {
                return err(ExcClass::ValueError, "incomplete format");
            };
            i += 1;
            if ty == '%' {
                out.push('%');
                continue;
            }
            let v = match (&key, &mut src) {
                (Some(k), Source::Mapping(m)) => lookup(m, k)?,
                (Some(_), Source::Items(..)) => {
                    return err(ExcClass::TypeError, "format requires a mapping")
                }
                (None, Source::Items(items, next)) => match items.get(*next) {
                    Some(v) => {
                        *next += 1;
                        v.clone()
                    }
                    None => {
                        return err(
                            ExcClass::TypeError,
                            "not enough arguments for format string",
                        )
                    }
                },
                (None, Source::Mapping(m)) => (*m).clone(),
            };
            let piece = self.convert(sim, ty, &v, &conv, i - 1)?;
            if out.len() + piece.len() > max_len.max(fmt.len()) {
                return err(
                    ExcClass::MemoryError,
                    format!("the formatted string is over the limit of {max_len} bytes"),
                );
            }
            out.push_str(&piece);
        }
        if let Source::Items(items, next) = src {
            if next < items.len() && !is_mapping {
                return err(
                    ExcClass::TypeError,
                    "not all arguments converted during string formatting",
                );
            }
        }
        Ok(out)
    }

    /// One conversion of `v`.
    fn convert(
        &mut self,
        sim: &mut Sim<Value>,
        ty: char,
        v: &Value,
        conv: &Conv,
        at: usize,
    ) -> PyResult<String> {
        let width = conv.width.map(|w| w.to_string()).unwrap_or_default();
        let sign = if conv.plus {
            "+"
        } else if conv.space {
            " "
        } else {
            ""
        };
        let align = if conv.left { "<" } else { ">" };
        let numeric = |zero_ok: bool| {
            let fill = if conv.left {
                "<".to_string()
            } else if conv.zero && zero_ok {
                // `=` puts the zeros after the sign, as `0` in a spec does.
                "0=".to_string()
            } else {
                ">".to_string()
            };
            let alt = if conv.alt { "#" } else { "" };
            format!("{fill}{sign}{alt}{width}")
        };
        match ty {
            's' | 'r' | 'a' => {
                let text = match ty {
                    's' => self.py_str(sim, v)?,
                    'r' => self.py_repr(sim, v)?,
                    _ => ascii_escape(&self.py_repr(sim, v)?),
                };
                let precision = conv.precision.map(|p| format!(".{p}")).unwrap_or_default();
                self.format(
                    sim,
                    &Value::str(&text),
                    &format!("{align}{width}{precision}"),
                )
            }
            'c' => {
                let ch = match v {
                    Value::Int(n) => match u32::try_from(*n).ok().and_then(char::from_u32) {
                        Some(c) => c,
                        None => {
                            return err(ExcClass::OverflowError, "%c arg not in range(0x110000)")
                        }
                    },
                    Value::Str(s) if s.chars().count() == 1 => s.chars().next().unwrap_or(' '),
                    Value::Str(_) => return err(ExcClass::TypeError, "%c requires int or char"),
                    _ => return err(ExcClass::TypeError, "%c requires int or char"),
                };
                self.format(
                    sim,
                    &Value::str(&ch.to_string()),
                    &format!("{align}{width}"),
                )
            }
            'd' | 'i' | 'u' | 'o' | 'x' | 'X' => {
                let n = match v {
                    Value::Int(_) | Value::Big(_) | Value::Bool(_) => v.clone(),
                    Value::Float(x) if matches!(ty, 'd' | 'i' | 'u') => {
                        crate::runtime::num::float_to_int(*x)?
                    }
                    other => {
                        let wants = if matches!(ty, 'd' | 'i' | 'u') {
                            "a real number"
                        } else {
                            "an integer"
                        };
                        return err(
                            ExcClass::TypeError,
                            format!(
                                "%{ty} format: {wants} is required, not {}",
                                other.type_name()
                            ),
                        );
                    }
                };
                let spec_ty = match ty {
                    'o' | 'x' | 'X' => ty,
                    _ => 'd',
                };
                match conv.precision {
                    // A precision is the least number of digits.
                    Some(p) => {
                        let digits = self.format(
                            sim,
                            &n,
                            &format!("{}{spec_ty}", if conv.alt { "#" } else { "" }),
                        )?;
                        let (neg, body) = match digits.strip_prefix('-') {
                            Some(b) => (true, b.to_string()),
                            None => (false, digits),
                        };
                        let (prefix, body) =
                            if conv.alt && body.len() > 2 && matches!(ty, 'o' | 'x' | 'X') {
                                (body[..2].to_string(), body[2..].to_string())
                            } else {
                                (String::new(), body)
                            };
                        let body = format!("{}{body}", "0".repeat(p.saturating_sub(body.len())));
                        let sign = if neg { "-" } else { sign };
                        let joined = format!("{sign}{prefix}{body}");
                        self.format(sim, &Value::str(&joined), &format!("{align}{width}"))
                    }
                    None => self.format(sim, &n, &format!("{}{spec_ty}", numeric(true))),
                }
            }
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                let x = match v {
                    Value::Float(_) => v.clone(),
                    Value::Int(_) | Value::Big(_) | Value::Bool(_) => {
                        Value::Float(crate::runtime::num::float_of(v)?.unwrap_or(0.0))
                    }
                    other => {
                        return err(
                            ExcClass::TypeError,
                            format!("must be real number, not {}", other.type_name()),
                        )
                    }
                };
                let precision = conv.precision.unwrap_or(6);
                self.format(sim, &x, &format!("{}.{precision}{ty}", numeric(true)))
            }
            other => err(
                ExcClass::ValueError,
                format!(
                    "unsupported format character '{other}' ({:#x}) at index {}",
                    other as u32, at
                ),
            ),
        }
    }
}

/// A width or precision: digits, or `*` for the next argument.
fn number_or_star(chars: &[char], i: &mut usize, src: &mut Source) -> PyResult<Option<i64>> {
    if chars.get(*i) == Some(&'*') {
        *i += 1;
        let Source::Items(items, next) = src else {
            return err(ExcClass::TypeError, "* wants int");
        };
        let Some(v) = items.get(*next) else {
            return err(
                ExcClass::TypeError,
                "not enough arguments for format string",
            );
        };
        *next += 1;
        return match v {
            Value::Int(n) => Ok(Some(*n)),
            _ => err(ExcClass::TypeError, "* wants int"),
        };
    }
    let from = *i;
    while chars.get(*i).is_some_and(|c| c.is_ascii_digit()) {
        *i += 1;
    }
    if *i == from {
        return Ok(None);
    }
    let digits: String = chars[from..*i].iter().collect();
    match digits.parse::<i64>() {
        Ok(n) => Ok(Some(n)),
        Err(_) => err(ExcClass::ValueError, "width too big"),
    }
}

/// `mapping[key]` for `%(key)s`.
fn lookup(mapping: &Value, key: &str) -> PyResult<Value> {
    let Value::Dict(d) = mapping else {
        return err(ExcClass::TypeError, "format requires a mapping");
    };
    let k = Value::str(key);
    let found = k.hash_key().and_then(|h| d.borrow().get(&h).cloned());
    match found {
        Some(v) => Ok(v),
        None => Err(Value::Exc(std::rc::Rc::new(crate::runtime::exc::Exc::new(
            ExcClass::KeyError,
            vec![k],
        )))),
    }
}

/// `ascii()` of a repr: characters past ASCII as `\xNN`, `\uNNNN` or
/// `\UNNNNNNNN` escapes.
fn ascii_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let n = c as u32;
        match n {
            0..=0x7f => out.push(c),
            0x80..=0xff => out.push_str(&format!("\\x{n:02x}")),
            0x100..=0xffff => out.push_str(&format!("\\u{n:04x}")),
            _ => out.push_str(&format!("\\U{n:08x}")),
        }
    }
    out
}
