//! `json.dumps` and `json.loads`, as CPython's `json` module writes and
//! reads (default separators, `indent`, `sort_keys`, `ensure_ascii`).
//!
//! Both walk nested values with an explicit depth bound, raising
//! `RecursionError` past it as CPython's recursion limit would.  A decoding
//! error is a `ValueError` with CPython's message (`json.JSONDecodeError` is
//! `ValueError` here: the exception hierarchy has no subclasses of it).

use std::cell::RefCell;
use std::rc::Rc;

use num_bigint::BigInt;

use crate::front::names::ExcClass;
use crate::runtime::builtins::Args;
use crate::runtime::ops::{err, PyResult};
use crate::runtime::value::{Dict, Value};

/// How deep `dumps` and `loads` follow nested containers.
const MAX_DEPTH: usize = 200;

/// The public names of `json`.
pub const NAMES: &[&str] = &["json.dumps", "json.loads"];

struct Dumper {
    indent: Option<String>,
    item_sep: String,
    key_sep: String,
    sort_keys: bool,
    ascii: bool,
    out: String,
}

fn too_deep<T>() -> PyResult<T> {
    err(
        ExcClass::RecursionError,
        "maximum recursion depth exceeded while encoding a JSON object",
    )
}

fn write_str(out: &mut String, s: &str, ascii: bool) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if ascii && (c as u32) > 0x7e => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn float_text(f: f64) -> String {
    if f.is_nan() {
        "NaN".into()
    } else if f.is_infinite() {
        if f > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else {
        crate::runtime::pyfmt::float_repr(f)
    }
}

impl Dumper {
    fn newline(&mut self, depth: usize) {
        if let Some(ind) = &self.indent {
            self.out.push('\n');
            for _ in 0..depth {
                self.out.push_str(ind);
            }
        }
    }

    fn key(&mut self, k: &Value) -> PyResult<()> {
        let text = match k {
            Value::Str(s) => s.to_string(),
            Value::Bool(true) => "true".into(),
            Value::Bool(false) => "false".into(),
            Value::None => "null".into(),
            Value::Int(_) | Value::Big(_) => k.repr(),
            Value::Float(f) => float_text(*f),
            other => {
                return err(
                    ExcClass::TypeError,
                    format!(
                        "keys must be str, int, float, bool or None, not {}",
                        other.type_name()
                    ),
                )
            }
        };
        write_str(&mut self.out, &text, self.ascii);
        Ok(())
    }

    fn value(&mut self, v: &Value, depth: usize) -> PyResult<()> {
        if depth > MAX_DEPTH {
            return too_deep();
        }
        crate::runtime::builtins::add_work(1);
        match v {
            Value::None => self.out.push_str("null"),
            Value::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Value::Int(_) | Value::Big(_) => self.out.push_str(&v.repr()),
            Value::Float(f) => self.out.push_str(&float_text(*f)),
            Value::Str(s) => write_str(&mut self.out, s, self.ascii),
            Value::List(_) | Value::Tuple(_) => {
                let items = match v {
                    Value::List(l) => l.borrow().clone(),
                    Value::Tuple(t) => t.0.clone(),
                    _ => Vec::new(),
                };
                if items.is_empty() {
                    self.out.push_str("[]");
                    return Ok(());
                }
                self.out.push('[');
                for (i, x) in items.iter().enumerate() {
                    if i > 0 {
                        let sep = self.item_sep.clone();
                        self.out.push_str(&sep);
                    }
                    self.newline(depth + 1);
                    self.value(x, depth + 1)?;
                }
                self.newline(depth);
                self.out.push(']');
            }
            Value::Dict(d) => {
                let mut entries: Vec<(Value, Value)> = d
                    .borrow()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                if entries.is_empty() {
                    self.out.push_str("{}");
                    return Ok(());
                }
                if self.sort_keys {
                    let mut error = None;
                    entries.sort_by(|a, b| {
                        crate::runtime::ops::compare_order(&a.0, &b.0, "<").unwrap_or_else(|e| {
                            error.get_or_insert(e);
                            std::cmp::Ordering::Equal
                        })
                    });
                    if let Some(e) = error {
                        return Err(e);
                    }
                }
                self.out.push('{');
                for (i, (k, x)) in entries.iter().enumerate() {
                    if i > 0 {
                        let sep = self.item_sep.clone();
                        self.out.push_str(&sep);
                    }
                    self.newline(depth + 1);
                    self.key(k)?;
                    let sep = self.key_sep.clone();
                    self.out.push_str(&sep);
                    self.value(x, depth + 1)?;
                }
                self.newline(depth);
                self.out.push('}');
            }
            other => match crate::runtime::library::namedtuple::as_tuple(other) {
                Some(t) => self.value(&Value::Tuple(t), depth)?,
                None => {
                    return err(
                        ExcClass::TypeError,
                        format!(
                            "Object of type {} is not JSON serializable",
                            other.type_name()
                        ),
                    )
                }
            },
        }
        Ok(())
    }
}

/// `json.dumps(obj, *, indent=None, sort_keys=False, separators=None, ensure_ascii=True)`.
pub fn dumps(mut a: Args) -> PyResult {
    let indent = match a.take_kw("indent") {
        None | Some(Value::None) => None,
        Some(Value::Str(s)) => Some(s.to_string()),
        Some(v) => {
            Some(" ".repeat(crate::runtime::builtins::want_int(&v, "")?.clamp(0, 1000) as usize))
        }
    };
    let sort_keys = a.take_kw("sort_keys").map(|v| v.truthy()).unwrap_or(false);
    let ascii = a
        .take_kw("ensure_ascii")
        .map(|v| v.truthy())
        .unwrap_or(true);
    let (mut item_sep, mut key_sep) = if indent.is_some() {
        (",".to_string(), ": ".to_string())
    } else {
        (", ".to_string(), ": ".to_string())
    };
    if let Some(seps) = a
        .take_kw("separators")
        .filter(|v| !matches!(v, Value::None))
    {
        let parts = crate::runtime::builtins::iterate_simple(&seps)?;
        match &parts[..] {
            [Value::Str(i), Value::Str(k)] => {
                item_sep = i.to_string();
                key_sep = k.to_string();
            }
            _ => return err(ExcClass::ValueError, "separators must be a pair of strings"),
        }
    }
    a.no_more_kw("dumps")?;
    let Some(v) = a.pos.first() else {
        return err(
            ExcClass::TypeError,
            "dumps() missing 1 required positional argument: 'obj'",
        );
    };
    let mut d = Dumper {
        indent,
        item_sep,
        key_sep,
        sort_keys,
        ascii,
        out: String::new(),
    };
    d.value(v, 0)?;
    Ok(Value::str(&d.out))
}

struct Parser<'a> {
    text: &'a str,
    chars: Vec<char>,
    pos: usize,
}

impl Parser<'_> {
    fn fail<T>(&self, msg: &str, at: usize) -> PyResult<T> {
        let before: String = self.chars[..at.min(self.chars.len())].iter().collect();
        let line = before.matches('\n').count() + 1;
        let col = match before.rfind('\n') {
            Some(i) => before[i + 1..].chars().count() + 1,
            None => at + 1,
        };
        let _ = self.text;
        err(
            ExcClass::ValueError,
            format!("{msg}: line {line} column {col} (char {at})"),
        )
    }

    fn skip_ws(&mut self) {
        while matches!(self.chars.get(self.pos), Some(' ' | '\t' | '\n' | '\r')) {
            self.pos += 1;
        }
    }

    fn value(&mut self, depth: usize) -> PyResult {
        if depth > MAX_DEPTH {
            return err(
                ExcClass::RecursionError,
                "maximum recursion depth exceeded while decoding a JSON document",
            );
        }
        crate::runtime::builtins::add_work(1);
        self.skip_ws();
        let start = self.pos;
        match self.chars.get(self.pos) {
            Some('{') => {
                self.pos += 1;
                let mut d = Dict::new();
                self.skip_ws();
                if self.chars.get(self.pos) == Some(&'}') {
                    self.pos += 1;
                    return Ok(Value::Dict(Rc::new(RefCell::new(d))));
                }
                loop {
                    self.skip_ws();
                    if self.chars.get(self.pos) != Some(&'"') {
                        return self.fail(
                            "Expecting property name enclosed in double quotes",
                            self.pos,
                        );
                    }
                    let k = self.string()?;
                    self.skip_ws();
                    if self.chars.get(self.pos) != Some(&':') {
                        return self.fail("Expecting ':' delimiter", self.pos);
                    }
                    self.pos += 1;
                    let v = self.value(depth + 1)?;
                    if let Some(h) = k.hash_key() {
                        d.insert(h, k, v);
                    }
                    self.skip_ws();
                    match self.chars.get(self.pos) {
                        Some(',') => self.pos += 1,
                        Some('}') => {
                            self.pos += 1;
                            return Ok(Value::Dict(Rc::new(RefCell::new(d))));
                        }
                        _ => return self.fail("Expecting ',' delimiter", self.pos),
                    }
                }
            }
            Some('[') => {
                self.pos += 1;
                let mut items = Vec::new();
                self.skip_ws();
                if self.chars.get(self.pos) == Some(&']') {
                    self.pos += 1;
                    return Ok(Value::new_list(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.skip_ws();
                    match self.chars.get(self.pos) {
                        Some(',') => self.pos += 1,
                        Some(']') => {
                            self.pos += 1;
                            return Ok(Value::new_list(items));
                        }
                        _ => return self.fail("Expecting ',' delimiter", self.pos),
                    }
                }
            }
            Some('"') => self.string(),
            Some(_) => {
                for (word, v) in [
                    ("null", Value::None),
                    ("true", Value::Bool(true)),
                    ("false", Value::Bool(false)),
                    ("NaN", Value::Float(f64::NAN)),
                    ("Infinity", Value::Float(f64::INFINITY)),
                    ("-Infinity", Value::Float(f64::NEG_INFINITY)),
                ] {
                    let n = word.len();
                    if self.chars.len() >= self.pos + n
                        && self.chars[self.pos..self.pos + n]
                            .iter()
                            .copied()
                            .eq(word.chars())
                    {
                        self.pos += n;
                        return Ok(v);
                    }
                }
                self.number(start)
            }
            None => self.fail("Expecting value", start),
        }
    }

    fn number(&mut self, start: usize) -> PyResult {
        let mut end = self.pos;
        if self.chars.get(end) == Some(&'-') {
            end += 1;
        }
        let digits_start = end;
        while matches!(self.chars.get(end), Some('0'..='9')) {
            end += 1;
        }
        if end == digits_start {
            return self.fail("Expecting value", start);
        }
        let mut is_float = false;
        if self.chars.get(end) == Some(&'.') && matches!(self.chars.get(end + 1), Some('0'..='9')) {
            is_float = true;
            end += 1;
            while matches!(self.chars.get(end), Some('0'..='9')) {
                end += 1;
            }
        }
        if matches!(self.chars.get(end), Some('e' | 'E')) {
            let mut e = end + 1;
            if matches!(self.chars.get(e), Some('+' | '-')) {
                e += 1;
            }
            if matches!(self.chars.get(e), Some('0'..='9')) {
                is_float = true;
                end = e;
                while matches!(self.chars.get(end), Some('0'..='9')) {
                    end += 1;
                }
            }
        }
        let text: String = self.chars[start..end].iter().collect();
        self.pos = end;
        if is_float {
            return Ok(Value::Float(text.parse().unwrap_or(f64::NAN)));
        }
        match BigInt::parse_bytes(text.as_bytes(), 10) {
            Some(b) => Ok(Value::from_big(b)),
            None => self.fail("Expecting value", start),
        }
    }

    fn string(&mut self) -> PyResult {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            let Some(&c) = self.chars.get(self.pos) else {
                return self.fail("Unterminated string starting at", start);
            };
            self.pos += 1;
            match c {
                '"' => return Ok(Value::str(&out)),
                '\\' => {
                    let Some(&e) = self.chars.get(self.pos) else {
                        return self.fail("Unterminated string starting at", start);
                    };
                    self.pos += 1;
                    match e {
                        '"' => out.push('"'),
                        '\\' => out.push('\\'),
                        '/' => out.push('/'),
                        'b' => out.push('\u{8}'),
                        'f' => out.push('\u{c}'),
                        'n' => out.push('\n'),
                        'r' => out.push('\r'),
                        't' => out.push('\t'),
                        'u' => {
                            let hex = |p: &Parser, at: usize| -> Option<u32> {
                                let s: String = p.chars.get(at..at + 4)?.iter().collect();
                                u32::from_str_radix(&s, 16).ok()
                            };
                            let Some(u) = hex(self, self.pos) else {
                                return self.fail("Invalid \\uXXXX escape", self.pos - 1);
                            };
                            self.pos += 4;
                            let mut code = u;
                            if (0xd800..0xdc00).contains(&u)
                                && self.chars.get(self.pos) == Some(&'\\')
                                && self.chars.get(self.pos + 1) == Some(&'u')
                            {
                                if let Some(lo) = hex(self, self.pos + 2) {
                                    if (0xdc00..0xe000).contains(&lo) {
                                        code = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
                                        self.pos += 6;
                                    }
                                }
                            }
                            out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                        }
                        _ => return self.fail("Invalid \\escape", self.pos - 2),
                    }
                }
                c if (c as u32) < 0x20 => {
                    return self.fail("Invalid control character at", self.pos - 1)
                }
                c => out.push(c),
            }
        }
    }
}

/// `json.loads(s)`.
pub fn loads(a: Args) -> PyResult {
    let Some(Value::Str(s)) = a.pos.first() else {
        let t = a.pos.first().map(|v| v.type_name()).unwrap_or("NoneType");
        return err(
            ExcClass::TypeError,
            format!("the JSON object must be str, bytes or bytearray, not {t}"),
        );
    };
    let mut p = Parser {
        text: s,
        chars: s.chars().collect(),
        pos: 0,
    };
    let v = p.value(0)?;
    p.skip_ws();
    if p.pos < p.chars.len() {
        return p.fail("Extra data", p.pos);
    }
    Ok(v)
}
