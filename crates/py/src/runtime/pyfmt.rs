//! Python's text forms of numbers: `repr(float)` and the format-spec mini-language.
//!
//! Output must be byte-identical to CPython's, so the rules here follow
//! `Python/pystrtod.c` and `Objects/stringlib/formatter.h` rather than Rust's
//! own formatting conventions (which differ in exponent style and thresholds).

use num_bigint::BigInt;

/// The shortest round-trip decimal digits of `x` (positive, finite, non-zero)
/// and the decimal point position: `x == 0.DIGITS * 10**decpt`.
fn shortest_digits(x: f64) -> (String, i32) {
    // Rust's `{:e}` prints the shortest digits that round-trip, the same digit
    // string CPython's `repr` uses; only the layout differs.
    let s = format!("{:e}", x);
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    let exp: i32 = exp.parse().unwrap_or(0);
    (digits, exp + 1)
}

/// `repr(x)` for a Python float.
pub fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if x == 0.0 {
        return if x.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    let sign = if x < 0.0 { "-" } else { "" };
    let (digits, decpt) = shortest_digits(x.abs());
    let body = if decpt <= -4 || decpt > 16 {
        sci_layout(&digits, decpt - 1, false)
    } else {
        fixed_layout(&digits, decpt, true)
    };
    format!("{sign}{body}")
}

/// Lays out `0.DIGITS * 10**decpt` in fixed notation, adding `.0` when asked.
fn fixed_layout(digits: &str, decpt: i32, force_point: bool) -> String {
    let n = digits.len() as i32;
    let mut out = String::new();
    if decpt <= 0 {
        out.push_str("0.");
        for _ in 0..(-decpt) {
            out.push('0');
        }
        out.push_str(digits);
    } else if decpt >= n {
        out.push_str(digits);
        for _ in 0..(decpt - n) {
            out.push('0');
        }
        if force_point {
            out.push_str(".0");
        }
    } else {
        out.push_str(&digits[..decpt as usize]);
        out.push('.');
        out.push_str(&digits[decpt as usize..]);
    }
    out
}

/// Lays out `D.DDD e±XX` the way CPython does (at least two exponent digits).
fn sci_layout(digits: &str, exp: i32, force_point: bool) -> String {
    let mut out = String::new();
    out.push_str(&digits[..1]);
    if digits.len() > 1 {
        out.push('.');
        out.push_str(&digits[1..]);
    } else if force_point {
        out.push_str(".0");
    }
    out.push_str(&exp_suffix(exp, 'e'));
    out
}

fn exp_suffix(exp: i32, e: char) -> String {
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{e}{sign}{:02}", exp.abs())
}

/// Digits past which a finite `f64`'s exact decimal expansion has only
/// zeros (at most 1074 after the point and 767 significant), with room to
/// spare. Rust's formatter panics on a precision over 65535, while Python
/// takes any precision up to the string limit, so the digits past this
/// many are written as the zeros they are.
const EXACT_DIGITS: usize = 1100;

/// `format!("{:.*}", prec, x)` for any precision.
fn fixed(x: f64, prec: usize) -> String {
    let mut s = format!("{:.*}", prec.min(EXACT_DIGITS), x);
    if prec > EXACT_DIGITS && x.is_finite() {
        s.extend(std::iter::repeat_n('0', prec - EXACT_DIGITS));
    }
    s
}

/// `format!("{:.*e}", prec, x)` for any precision.
fn scientific(x: f64, prec: usize) -> String {
    let s = format!("{:.*e}", prec.min(EXACT_DIGITS), x);
    if prec <= EXACT_DIGITS || !x.is_finite() {
        return s;
    }
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    format!("{mant}{}e{exp}", "0".repeat(prec - EXACT_DIGITS))
}

/// Rust's `{:.*e}` output (`1.23e4`) rewritten in Python's style (`1.23e+04`).
fn fmt_e(x: f64, prec: usize, upper: bool, alt: bool) -> String {
    let s = scientific(x, prec);
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let mut mant = mant.to_string();
    if alt && !mant.contains('.') {
        mant.push('.');
    }
    let e = if upper { 'E' } else { 'e' };
    format!("{mant}{}", exp_suffix(exp, e))
}

/// The decimal exponent `x` has once rounded to `prec + 1` significant digits.
fn rounded_exponent(x: f64, prec: usize) -> i32 {
    // Digits past the exact ones are zeros and round nothing.
    let s = format!("{:.*e}", prec.min(EXACT_DIGITS), x);
    s.split_once('e')
        .and_then(|(_, e)| e.parse().ok())
        .unwrap_or(0)
}

/// `%g`-style formatting with Python's rules; `repr_style` is the spec-less
/// variant used for an empty presentation type with a precision.
fn fmt_g(x: f64, prec: usize, upper: bool, alt: bool, repr_style: bool) -> String {
    let p = prec.max(1);
    if x == 0.0 {
        let z = if x.is_sign_negative() { "-0" } else { "0" };
        return if alt {
            format!("{z}.{}", "0".repeat(p - 1))
        } else if repr_style {
            format!("{z}.0")
        } else {
            z.to_string()
        };
    }
    let exp = rounded_exponent(x.abs(), p - 1);
    // With no presentation type (`repr_style`), CPython adds ".0" to a fixed
    // result and so switches to the exponent one digit earlier:
    // `f"{100.0:.3}"` is `1e+02`, while `f"{100.0:.3g}"` is `100`.
    let limit = p as i64 - i64::from(repr_style);
    let mut s = if exp >= -4 && (exp as i64) < limit {
        let decimals = (p as i64 - 1 - exp as i64).max(0) as usize;
        let mut s = fixed(x, decimals);
        if !alt && s.contains('.') {
            while s.ends_with('0') {
                s.pop();
            }
            if s.ends_with('.') {
                if repr_style {
                    s.push('0');
                } else {
                    s.pop();
                }
            }
        } else if alt && !s.contains('.') {
            s.push('.');
        }
        s
    } else {
        let s = fmt_e(x, p - 1, upper, alt);
        if alt {
            s
        } else {
            let (mant, e) = s.split_at(s.find(['e', 'E']).unwrap_or(s.len()));
            let mut m = mant.to_string();
            if m.contains('.') {
                while m.ends_with('0') {
                    m.pop();
                }
                if m.ends_with('.') {
                    m.pop();
                }
            }
            format!("{m}{e}")
        }
    };
    if upper {
        s = s.to_uppercase();
    }
    s
}

/// A parsed format spec (`[[fill]align][sign][z][#][0][width][grouping][.precision][type]`).
#[derive(Debug, Clone, Default)]
pub struct Spec {
    fill: Option<char>,
    align: Option<char>,
    sign: Option<char>,
    alt: bool,
    zero: bool,
    width: usize,
    grouping: Option<char>,
    precision: Option<usize>,
    pub(crate) ty: Option<char>,
}

/// A width or precision that would build a string past the interpreter's
/// collection limit is refused before any padding is made.
pub(crate) fn check_size(n: usize) -> Result<(), String> {
    if n > crate::runtime::builtins::MAX_MATERIALISED {
        return Err(format!(
            "format width or precision {n} is over the limit of {} characters",
            crate::runtime::builtins::MAX_MATERIALISED
        ));
    }
    Ok(())
}

/// Parses a format spec, or returns CPython's error message.
pub fn parse_spec(spec: &str) -> Result<Spec, String> {
    let chars: Vec<char> = spec.chars().collect();
    let mut i = 0;
    let mut s = Spec::default();
    let is_align = |c: char| matches!(c, '<' | '>' | '^' | '=');
    if chars.len() >= 2 && is_align(chars[1]) {
        s.fill = Some(chars[0]);
        s.align = Some(chars[1]);
        i = 2;
    } else if !chars.is_empty() && is_align(chars[0]) {
        s.align = Some(chars[0]);
        i = 1;
    }
    if i < chars.len() && matches!(chars[i], '+' | '-' | ' ') {
        s.sign = Some(chars[i]);
        i += 1;
    }
    if i < chars.len() && chars[i] == 'z' {
        i += 1;
    }
    if i < chars.len() && chars[i] == '#' {
        s.alt = true;
        i += 1;
    }
    if i < chars.len() && chars[i] == '0' {
        s.zero = true;
        i += 1;
    }
    let mut w = String::new();
    while i < chars.len() && chars[i].is_ascii_digit() {
        w.push(chars[i]);
        i += 1;
    }
    if !w.is_empty() {
        s.width = w
            .parse()
            .map_err(|_| "Too many decimal digits in format string".to_string())?;
        check_size(s.width)?;
    }
    if i < chars.len() && matches!(chars[i], ',' | '_') {
        s.grouping = Some(chars[i]);
        i += 1;
    }
    if i < chars.len() && chars[i] == '.' {
        i += 1;
        let mut p = String::new();
        while i < chars.len() && chars[i].is_ascii_digit() {
            p.push(chars[i]);
            i += 1;
        }
        if p.is_empty() {
            return Err("Format specifier missing precision".into());
        }
        let precision = p
            .parse()
            .map_err(|_| "Too many decimal digits in format string".to_string())?;
        check_size(precision)?;
        s.precision = Some(precision);
    }
    if i < chars.len() {
        s.ty = Some(chars[i]);
        i += 1;
    }
    if i < chars.len() {
        return Err("Invalid format specifier".into());
    }
    Ok(s)
}

/// Inserts a separator every `every` digits of an all-digit string, and
/// grows it with leading zeros, grouped too, to at least `min_width`
/// characters: CPython's zero padding (`format(1234, '08,')` is
/// `0,001,234`), which can pass the width by one rather than start with a
/// separator.
fn group_digits(digits: &str, sep: char, every: usize, min_width: usize) -> String {
    let digits = digits.as_bytes();
    let mut remaining = digits.len();
    let mut min_width = min_width as i64;
    // The groups, from the right.
    let mut groups: Vec<String> = Vec::new();
    loop {
        let l = every.min(remaining.max(min_width.max(0) as usize).max(1));
        let chars = remaining.min(l);
        let mut group = "0".repeat(l - chars);
        group.push_str(std::str::from_utf8(&digits[remaining - chars..remaining]).unwrap_or(""));
        groups.push(group);
        remaining -= chars;
        min_width -= l as i64;
        if remaining == 0 && min_width <= 0 {
            break;
        }
        min_width -= 1;
    }
    let mut out = String::with_capacity(groups.iter().map(|g| g.len() + 1).sum());
    for (i, g) in groups.iter().rev().enumerate() {
        if i > 0 {
            out.push(sep);
        }
        out.push_str(g);
    }
    out
}

/// The width grouped digits are zero-padded to (see [`group_digits`]):
/// with `0` as the fill and `=` alignment, the zeros are digits, so the
/// width left for them after the sign, prefix and `after` (a fraction).
fn zero_width(spec: &Spec, sign: &str, after: &str) -> usize {
    let fill = spec.fill.unwrap_or(if spec.zero && spec.align.is_none() {
        '0'
    } else {
        ' '
    });
    let align = spec.align.unwrap_or(if spec.zero { '=' } else { '>' });
    if fill == '0' && align == '=' {
        spec.width
            .saturating_sub(sign.chars().count() + after.chars().count())
    } else {
        0
    }
}

/// Pads `body` (with its sign/prefix kept apart for `=` alignment) to the spec's width.
fn pad(spec: &Spec, sign: &str, body: &str, default_align: char) -> String {
    let fill = spec.fill.unwrap_or(if spec.zero && spec.align.is_none() {
        '0'
    } else {
        ' '
    });
    let align = spec
        .align
        .unwrap_or(if spec.zero { '=' } else { default_align });
    let len = sign.chars().count() + body.chars().count();
    if len >= spec.width {
        return format!("{sign}{body}");
    }
    let n = spec.width - len;
    let fills = |k: usize| std::iter::repeat_n(fill, k).collect::<String>();
    match align {
        '<' => format!("{sign}{body}{}", fills(n)),
        '^' => format!("{}{sign}{body}{}", fills(n / 2), fills(n - n / 2)),
        '=' => format!("{sign}{}{body}", fills(n)),
        _ => format!("{}{sign}{body}", fills(n)),
    }
}

fn sign_str(neg: bool, spec: &Spec) -> &'static str {
    match (neg, spec.sign) {
        (true, _) => "-",
        (false, Some('+')) => "+",
        (false, Some(' ')) => " ",
        _ => "",
    }
}

/// Formats a string with a spec (`format('ab', '>5')`).
pub fn format_str(s: &str, spec: &Spec) -> Result<String, String> {
    if let Some(t) = spec.ty {
        if t != 's' {
            return Err(format!(
                "Unknown format code '{t}' for object of type 'str'"
            ));
        }
    }
    if spec.sign.is_some() {
        return Err("Sign not allowed in string format specifier".into());
    }
    if spec.align == Some('=') {
        return Err("'=' alignment not allowed in string format specifier".into());
    }
    let body: String = match spec.precision {
        Some(p) => s.chars().take(p).collect(),
        None => s.to_string(),
    };
    Ok(pad(spec, "", &body, '<'))
}

/// Formats an integer with a spec (`format(1234, ',')`, `format(5, '03d')`).
pub fn format_int(v: &BigInt, spec: &Spec) -> Result<String, String> {
    use num_traits::{Signed, ToPrimitive};
    let ty = spec.ty.unwrap_or('d');
    if matches!(ty, 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') {
        let f = v.to_f64().unwrap_or(f64::INFINITY);
        return format_float(f, spec);
    }
    if spec.precision.is_some() {
        return Err("Precision not allowed in integer format specifier".into());
    }
    let neg = v.is_negative();
    let mag = v.abs();
    let (digits, prefix) = match ty {
        'd' | 'n' if crate::runtime::value::too_many_digits(&mag) => {
            return Err(crate::runtime::value::INT_TOO_LONG_TO_WRITE.into())
        }
        'd' | 'n' => (crate::runtime::value::big_decimal(&mag), ""),
        'x' => (mag.to_str_radix(16), "0x"),
        'X' => (mag.to_str_radix(16).to_uppercase(), "0X"),
        'o' => (mag.to_str_radix(8), "0o"),
        'b' => (mag.to_str_radix(2), "0b"),
        'c' => {
            let c = v
                .to_u32()
                .and_then(char::from_u32)
                .ok_or("%c arg not in range(0x110000)")?;
            return Ok(pad(spec, "", &c.to_string(), '<'));
        }
        's' => return Err("Unknown format code 's' for object of type 'int'".into()),
        t => {
            return Err(format!(
                "Unknown format code '{t}' for object of type 'int'"
            ))
        }
    };
    let sign = format!(
        "{}{}",
        sign_str(neg, spec),
        if spec.alt { prefix } else { "" }
    );
    let digits = match spec.grouping {
        Some(sep) => {
            let every = if matches!(ty, 'd' | 'n') { 3 } else { 4 };
            if sep == ',' && every == 4 {
                return Err(format!("Cannot specify ',' with '{ty}'."));
            }
            group_digits(&digits, sep, every, zero_width(spec, &sign, ""))
        }
        None => digits,
    };
    Ok(pad(spec, &sign, &digits, '>'))
}

/// Formats a float with a spec (`format(x, '.2f')`, `format(x, '>10.3e')`).
pub fn format_float(x: f64, spec: &Spec) -> Result<String, String> {
    let ty = spec.ty;
    if let Some(t) = ty {
        if !matches!(t, 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' | 'n') {
            return Err(format!(
                "Unknown format code '{t}' for object of type 'float'"
            ));
        }
    }
    let neg = x.is_sign_negative() && !x.is_nan();
    let a = x.abs();
    let upper = matches!(ty, Some('E' | 'F' | 'G'));
    let mut body = if a.is_nan() || a.is_infinite() {
        let s = if a.is_nan() { "nan" } else { "inf" };
        let s = if upper {
            s.to_uppercase()
        } else {
            s.to_string()
        };
        if ty == Some('%') {
            format!("{s}%")
        } else {
            s
        }
    } else {
        match ty {
            Some('f' | 'F') => {
                let mut s = fixed(a, spec.precision.unwrap_or(6));
                if spec.alt && !s.contains('.') {
                    s.push('.');
                }
                s
            }
            Some('e' | 'E') => fmt_e(a, spec.precision.unwrap_or(6), upper, spec.alt),
            Some('g' | 'G' | 'n') => fmt_g(a, spec.precision.unwrap_or(6), upper, spec.alt, false),
            Some('%') => format!("{}%", fixed(a * 100.0, spec.precision.unwrap_or(6))),
            _ => match spec.precision {
                Some(p) => fmt_g(a, p, false, spec.alt, true),
                None => float_repr(a),
            },
        }
    };
    if let (Some(sep), true) = (spec.grouping, a.is_finite()) {
        let end = body
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(body.len());
        let (int_part, rest) = body.split_at(end);
        let min_width = zero_width(spec, sign_str(neg, spec), rest);
        body = format!("{}{}", group_digits(int_part, sep, 3, min_width), rest);
    }
    Ok(pad(spec, sign_str(neg, spec), &body, '>'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ff(x: f64, spec: &str) -> String {
        format_float(x, &parse_spec(spec).unwrap()).unwrap()
    }

    #[test]
    fn float_repr_matches_python() {
        let cases = [
            (1.0, "1.0"),
            (0.1, "0.1"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (123456789012345678.0, "1.2345678901234568e+17"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e-7, "1.5e-07"),
            (-0.0, "-0.0"),
            (0.1 + 0.2, "0.30000000000000004"),
            (2.5, "2.5"),
            (1e22, "1e+22"),
            (f64::INFINITY, "inf"),
            (f64::NAN, "nan"),
            (-1.25, "-1.25"),
            (100.0, "100.0"),
        ];
        for (x, want) in cases {
            assert_eq!(float_repr(x), want, "repr({x})");
        }
    }

    #[test]
    fn float_specs_match_python() {
        assert_eq!(ff(1.23456, ".2f"), "1.23");
        assert_eq!(ff(2.5, ".0f"), "2");
        assert_eq!(ff(1234567.891, ",.2f"), "1,234,567.89");
        assert_eq!(ff(0.5, ".1%"), "50.0%");
        assert_eq!(ff(12345.678, ".3e"), "1.235e+04");
        assert_eq!(ff(12345.678, "g"), "12345.7");
        assert_eq!(ff(0.00001234, "g"), "1.234e-05");
        assert_eq!(ff(1234.5, ".2"), "1.2e+03");
        assert_eq!(ff(1.0, ".3"), "1.0");
        assert_eq!(ff(3.5, ">8.2f"), "    3.50");
        assert_eq!(ff(-3.5, "08.2f"), "-0003.50");
        assert_eq!(ff(3.5, "+.1f"), "+3.5");
        assert_eq!(ff(100000.0, "g"), "100000");
        assert_eq!(ff(1000000.0, "g"), "1e+06");
        assert_eq!(ff(1.5, ""), "1.5");
        assert_eq!(ff(1.0, "^9"), "   1.0   ");
    }

    #[test]
    fn int_and_str_specs_match_python() {
        let fi = |v: i64, s: &str| format_int(&BigInt::from(v), &parse_spec(s).unwrap()).unwrap();
        assert_eq!(fi(1234567, ","), "1,234,567");
        assert_eq!(fi(5, "03d"), "005");
        assert_eq!(fi(-5, "03d"), "-05");
        assert_eq!(fi(255, "#x"), "0xff");
        assert_eq!(fi(255, "08b"), "11111111");
        assert_eq!(fi(42, ">5"), "   42");
        assert_eq!(fi(42, "<5"), "42   ");
        assert_eq!(fi(42, "*^6"), "**42**");
        assert_eq!(fi(3, ".2f"), "3.00");
        assert_eq!(fi(1234567, "_"), "1_234_567");
        let fs = |v: &str, s: &str| format_str(v, &parse_spec(s).unwrap()).unwrap();
        assert_eq!(fs("ab", ">5"), "   ab");
        assert_eq!(fs("ab", "-<5"), "ab---");
        assert_eq!(fs("abcdef", ".3"), "abc");
        assert!(format_str("x", &parse_spec("d").unwrap()).is_err());
    }
}
