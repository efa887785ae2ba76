//! `json.dumps` and `json.loads`, as CPython's `json` module writes and
//! reads (separators, `indent`, `sort_keys`, `ensure_ascii`, `skipkeys`,
//! `allow_nan`, `check_circular`, `default`; `strict` and the hooks).
//!
//! Both walk nested values with an explicit depth bound, raising
//! `RecursionError` past it as CPython's recursion limit would.  A decoding
//! error is a `json.JSONDecodeError` (a `ValueError`) with CPython's message
//! and its `msg`, `doc`, `pos`, `lineno` and `colno`.  The arguments that
//! call back into the program (`default`, `object_hook` and the other
//! hooks) are called through [`Call`], the interpreter's synchronous call;
//! `cls` says it is not supported rather than being ignored.

use std::cell::RefCell;
use std::rc::Rc;

use num_bigint::BigInt;

use crate::front::names::ExcClass;
use crate::runtime::builtins::Args;
use crate::runtime::ops::{err, PyResult};
use crate::runtime::value::{Dict, Value};

/// Calls a function of the program to completion (the interpreter's
/// synchronous call): `default` and the decoding hooks.
pub type Call<'c> = &'c mut dyn FnMut(&Value, Vec<Value>) -> PyResult;

/// How deep `dumps` and `loads` follow nested containers.
const MAX_DEPTH: usize = 200;

/// The public names of `json`.
pub const NAMES: &[&str] = &["json.dumps", "json.loads"];

struct Dumper<'c> {
    /// Turns an object `dumps` cannot write into one it can (`default=`).
    default: Option<(Value, Call<'c>)>,
    indent: Option<String>,
    item_sep: String,
    key_sep: String,
    sort_keys: bool,
    ascii: bool,
    /// Leave out dict keys of other types than `str`, `int`, `float`,
    /// `bool` and `None` rather than raise.
    skip_keys: bool,
    /// Write NaN and the infinities (JavaScript's names) rather than raise.
    allow_nan: bool,
    /// The containers being written, outermost first, when circular
    /// references are checked: one met again is a cycle.
    open: Option<Vec<usize>>,
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

fn float_text(f: f64, allow_nan: bool) -> PyResult<String> {
    if f.is_finite() {
        return Ok(crate::runtime::pyfmt::float_repr(f));
    }
    if !allow_nan {
        return err(
            ExcClass::ValueError,
            format!(
                "Out of range float values are not JSON compliant: {}",
                crate::runtime::pyfmt::float_repr(f)
            ),
        );
    }
    Ok(if f.is_nan() {
        "NaN"
    } else if f > 0.0 {
        "Infinity"
    } else {
        "-Infinity"
    }
    .into())
}

/// Whether `dumps` can write `k` as a dict key.
fn key_ok(k: &Value) -> bool {
    matches!(
        k,
        Value::Str(_)
            | Value::Bool(_)
            | Value::None
            | Value::Int(_)
            | Value::Big(_)
            | Value::Float(_)
    )
}

impl Dumper<'_> {
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
            Value::Float(f) => float_text(*f, self.allow_nan)?,
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
        // A list that holds the same big list a thousand times is small,
        // and its text is not: the text stops at the string limit.
        let max = crate::runtime::builtins::MAX_MATERIALISED;
        if self.out.len() > max {
            return err(
                ExcClass::MemoryError,
                format!("string longer than the limit of {max} characters"),
            );
        }
        crate::runtime::builtins::add_work(1);
        match v {
            Value::None => self.out.push_str("null"),
            Value::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Value::Big(b) if crate::runtime::value::too_many_digits(b) => {
                return err(
                    ExcClass::ValueError,
                    crate::runtime::value::INT_TOO_LONG_TO_WRITE,
                )
            }
            Value::Int(_) | Value::Big(_) => self.out.push_str(&v.repr()),
            Value::Float(f) => {
                let text = float_text(*f, self.allow_nan)?;
                self.out.push_str(&text);
            }
            Value::Str(s) => write_str(&mut self.out, s, self.ascii),
            Value::List(_) | Value::Tuple(_) | Value::Dict(_) => self.container(v, depth)?,
            other => match crate::runtime::library::namedtuple::as_tuple(other) {
                Some(t) => self.value(&Value::Tuple(t), depth)?,
                None => self.by_default(other, depth)?,
            },
        }
        Ok(())
    }

    /// An object of no JSON type, written as what `default` makes of it;
    /// an object met again while its own `default` result is being
    /// written is a cycle, as in CPython.
    fn by_default(&mut self, v: &Value, depth: usize) -> PyResult<()> {
        let Some((default, call)) = &mut self.default else {
            return err(
                ExcClass::TypeError,
                format!("Object of type {} is not JSON serializable", v.type_name()),
            );
        };
        let made = call(default, vec![v.clone()])?;
        let id = v.identity();
        if let Some(open) = &mut self.open {
            if open.contains(&id) {
                return err(ExcClass::ValueError, "Circular reference detected");
            }
            open.push(id);
        }
        self.value(&made, depth + 1)?;
        if let Some(open) = &mut self.open {
            open.pop();
        }
        Ok(())
    }

    /// A list, tuple or dict, checked for cycles as CPython's
    /// `check_circular` does (a list or dict met again inside itself).
    fn container(&mut self, v: &Value, depth: usize) -> PyResult<()> {
        let id = match v {
            Value::List(l) => Some(Rc::as_ptr(l) as *const u8 as usize),
            Value::Dict(d) => Some(Rc::as_ptr(d) as *const u8 as usize),
            _ => None,
        };
        if let (Some(open), Some(id)) = (&mut self.open, id) {
            if open.contains(&id) {
                return err(ExcClass::ValueError, "Circular reference detected");
            }
            open.push(id);
        }
        self.items(v, depth)?;
        if let (Some(open), Some(_)) = (&mut self.open, id) {
            open.pop();
        }
        Ok(())
    }

    fn items(&mut self, v: &Value, depth: usize) -> PyResult<()> {
        match v {
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
                    .filter(|(k, _)| !self.skip_keys || key_ok(k))
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
            _ => {}
        }
        Ok(())
    }
}

/// `json.dumps(obj, *, skipkeys=False, ensure_ascii=True, check_circular=True,
/// allow_nan=True, indent=None, separators=None, default=None, sort_keys=False)`.
pub fn dumps(mut a: Args, call: Call) -> PyResult {
    let indent = match a.take_kw("indent") {
        None | Some(Value::None) => None,
        Some(Value::Str(s)) => Some(s.to_string()),
        Some(v) => {
            Some(" ".repeat(crate::runtime::builtins::want_int(&v, "")?.clamp(0, 1000) as usize))
        }
    };
    let mut flag =
        |name: &str, default: bool| a.take_kw(name).map(|v| v.truthy()).unwrap_or(default);
    let sort_keys = flag("sort_keys", false);
    let ascii = flag("ensure_ascii", true);
    let skip_keys = flag("skipkeys", false);
    let allow_nan = flag("allow_nan", true);
    let check_circular = flag("check_circular", true);
    unsupported(&mut a, "dumps", &["cls"])?;
    let default = a.take_kw("default").filter(|v| !matches!(v, Value::None));
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
            [_, _] => return err(ExcClass::TypeError, "separators must be a pair of strings"),
            [_] | [] => {
                return err(
                    ExcClass::ValueError,
                    format!(
                        "not enough values to unpack (expected 2, got {})",
                        parts.len()
                    ),
                )
            }
            _ => {
                return err(
                    ExcClass::ValueError,
                    "too many values to unpack (expected 2)",
                )
            }
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
        default: default.map(|f| (f, call)),
        indent,
        item_sep,
        key_sep,
        sort_keys,
        ascii,
        skip_keys,
        allow_nan,
        open: check_circular.then(Vec::new),
        out: String::new(),
    };
    d.value(v, 0)?;
    Ok(Value::str(&d.out))
}

/// Refuses the arguments in `names` (they would call back into the
/// program), so that a program relying on one hears so rather than getting
/// an answer made without it.
fn unsupported(a: &mut Args, func: &str, names: &[&str]) -> PyResult<()> {
    for name in names {
        if a.take_kw(name).is_some_and(|v| !matches!(v, Value::None)) {
            return err(
                ExcClass::TypeError,
                format!("`json.{func}({name}=...)` is not supported yet"),
            );
        }
    }
    Ok(())
}

/// A `json.JSONDecodeError` for `msg` at character `pos` of `doc`, with
/// CPython's message (`msg: line L column C (char P)`) and attributes.
pub fn decode_error(msg: &str, doc: &str, pos: usize) -> Value {
    let before: String = doc.chars().take(pos).collect();
    let line = before.matches('\n').count() + 1;
    let col = match before.rfind('\n') {
        Some(i) => before[i + 1..].chars().count() + 1,
        None => pos + 1,
    };
    let text = format!("{msg}: line {line} column {col} (char {pos})");
    let mut e = crate::runtime::exc::Exc::new(ExcClass::JSONDecodeError, vec![Value::str(&text)]);
    e.fields = vec![
        ("msg", Value::str(msg)),
        ("doc", Value::str(doc)),
        ("pos", Value::Int(pos as i64)),
        ("lineno", Value::Int(line as i64)),
        ("colno", Value::Int(col as i64)),
    ];
    Value::Exc(Rc::new(e))
}

/// `json.JSONDecodeError(msg, doc, pos)` called by the program.
pub fn decode_error_from(args: Vec<Value>) -> PyResult {
    match &args[..] {
        [Value::Str(msg), Value::Str(doc), Value::Int(pos)] if *pos >= 0 => {
            Ok(decode_error(msg, doc, *pos as usize))
        }
        [_, _, _] => err(
            ExcClass::TypeError,
            "JSONDecodeError(msg, doc, pos) takes a str, a str and an int not below 0",
        ),
        [] => err(
            ExcClass::TypeError,
            "JSONDecodeError.__init__() missing 3 required positional arguments: 'msg', 'doc', and 'pos'",
        ),
        [_] => err(
            ExcClass::TypeError,
            "JSONDecodeError.__init__() missing 2 required positional arguments: 'doc' and 'pos'",
        ),
        [_, _] => err(
            ExcClass::TypeError,
            "JSONDecodeError.__init__() missing 1 required positional argument: 'pos'",
        ),
        _ => err(
            ExcClass::TypeError,
            format!(
                "JSONDecodeError.__init__() takes 4 positional arguments but {} were given",
                args.len() + 1
            ),
        ),
    }
}

/// The functions `loads` calls on what it reads, each optional.
struct Hooks {
    /// Called with each object's dict; its result stands for the object.
    object: Option<Value>,
    /// Called with each object's list of (key, value) pairs; wins over `object`.
    pairs: Option<Value>,
    /// Called with the text of each float.
    float: Option<Value>,
    /// Called with the text of each int.
    int: Option<Value>,
    /// Called with `NaN`, `Infinity` or `-Infinity`.
    constant: Option<Value>,
}

struct Parser<'a, 'c> {
    text: &'a str,
    chars: Vec<char>,
    pos: usize,
    /// Refuse control characters inside strings (`strict=True`, the default).
    strict: bool,
    hooks: Hooks,
    call: Call<'c>,
}

impl Parser<'_, '_> {
    /// `f(arg)` when the hook `f` is given, else `plain`.
    fn hook(
        &mut self,
        f: Option<&Value>,
        arg: Value,
        plain: impl FnOnce() -> PyResult,
    ) -> PyResult {
        match f {
            Some(f) => (self.call)(f, vec![arg]),
            None => plain(),
        }
    }

    fn fail<T>(&self, msg: &str, at: usize) -> PyResult<T> {
        Err(decode_error(msg, self.text, at.min(self.chars.len())))
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
                let mut pairs: Vec<(Value, Value)> = Vec::new();
                self.skip_ws();
                if self.chars.get(self.pos) == Some(&'}') {
                    self.pos += 1;
                    return self.object(pairs);
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
                    pairs.push((k, v));
                    self.skip_ws();
                    match self.chars.get(self.pos) {
                        Some(',') => self.pos += 1,
                        Some('}') => {
                            self.pos += 1;
                            return self.object(pairs);
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
                        if matches!(v, Value::Float(_)) {
                            let f = self.hooks.constant.clone();
                            return self.hook(f.as_ref(), Value::str(word), || Ok(v));
                        }
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
        // A number's whole part is 0 or starts with 1 to 9: `01` is the
        // number 0 followed by something else.
        if self.chars.get(end) == Some(&'0') {
            end += 1;
        } else {
            while matches!(self.chars.get(end), Some('0'..='9')) {
                end += 1;
            }
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
            let f = self.hooks.float.clone();
            return self.hook(f.as_ref(), Value::str(&text), || {
                Ok(Value::Float(text.parse().unwrap_or(f64::NAN)))
            });
        }
        // `json` reads an int with `int()`, and so within its digit limit.
        let digits = text.trim_start_matches('-').len();
        if digits > crate::runtime::value::INT_MAX_STR_DIGITS {
            return err(
                ExcClass::ValueError,
                crate::runtime::builtins::int_too_long_to_read(digits),
            );
        }
        let Some(b) = BigInt::parse_bytes(text.as_bytes(), 10) else {
            return self.fail("Expecting value", start);
        };
        let f = self.hooks.int.clone();
        self.hook(f.as_ref(), Value::str(&text), || Ok(Value::from_big(b)))
    }

    /// An object read as `pairs`: a dict (a later key wins), or what the
    /// pairs hook or the object hook makes of it.
    fn object(&mut self, pairs: Vec<(Value, Value)>) -> PyResult {
        if let Some(f) = self.hooks.pairs.clone() {
            let list = pairs
                .into_iter()
                .map(|(k, v)| Value::new_tuple(vec![k, v]))
                .collect();
            return (self.call)(&f, vec![Value::new_list(list)]);
        }
        let mut d = Dict::new();
        for (k, v) in pairs {
            if let Some(h) = k.hash_key() {
                d.insert(h, k, v);
            }
        }
        let d = Value::Dict(Rc::new(RefCell::new(d)));
        let f = self.hooks.object.clone();
        self.hook(f.as_ref(), d.clone(), || Ok(d))
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
                c if (c as u32) < 0x20 && self.strict => {
                    return self.fail("Invalid control character at", self.pos - 1)
                }
                c => out.push(c),
            }
        }
    }
}

/// `json.loads(s, *, object_hook=None, parse_float=None, parse_int=None,
/// parse_constant=None, object_pairs_hook=None, strict=True)`.
pub fn loads(mut a: Args, call: Call) -> PyResult {
    let strict = a.take_kw("strict").map(|v| v.truthy()).unwrap_or(true);
    unsupported(&mut a, "loads", &["cls"])?;
    // CPython hands the other keywords to `JSONDecoder`, which names itself.
    let mut hook = |name: &str| a.take_kw(name).filter(|v| !matches!(v, Value::None));
    let hooks = Hooks {
        object: hook("object_hook"),
        pairs: hook("object_pairs_hook"),
        float: hook("parse_float"),
        int: hook("parse_int"),
        constant: hook("parse_constant"),
    };
    a.no_more_kw("JSONDecoder.__init__")?;
    if a.pos.len() > 1 {
        return err(
            ExcClass::TypeError,
            format!(
                "loads() takes 1 positional argument but {} were given",
                a.pos.len()
            ),
        );
    }
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
        strict,
        hooks,
        call,
    };
    let v = p.value(0)?;
    p.skip_ws();
    if p.pos < p.chars.len() {
        return p.fail("Extra data", p.pos);
    }
    Ok(v)
}
