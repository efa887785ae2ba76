//! `reprlib.repr`: the abbreviated `repr` asyncio shows callback arguments
//! with (`cb('aaaaaaaaaaaa...aaaaaaaaaaaaa', [0, 1, 2, 3, 4, 5, ...])`).
//!
//! The limits are those of `reprlib.Repr`'s defaults; containers nest at
//! most six deep, and sets and dicts are listed sorted when their items
//! compare, as `reprlib` does.

use loopscope_sim::FutureId;

use crate::runtime::value::{str_repr, Value};

const MAX_LEVEL: usize = 6;
const MAX_ITEMS: usize = 6;
const MAX_DICT: usize = 4;
const MAX_STRING: usize = 30;
const MAX_LONG: usize = 40;
const MAX_OTHER: usize = 30;
const FILL: &str = "...";

/// `reprlib.repr(v)`, with `future` describing futures and tasks.
pub fn repr(v: &Value, future: &dyn Fn(FutureId) -> String) -> String {
    repr1(v, MAX_LEVEL, future)
}

/// Keeps the head and tail of a text longer than `max` characters around `...`.
fn cut(s: String, max: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= max {
        return s;
    }
    let i = (max - FILL.len()) / 2;
    let j = max - FILL.len() - i;
    let mut out: String = chars[..i].iter().collect();
    out.push_str(FILL);
    out.extend(&chars[chars.len() - j..]);
    out
}

/// `_possibly_sorted`: sorted when every pair compares, else as iterated.
fn possibly_sorted(mut items: Vec<Value>) -> Vec<Value> {
    let original = items.clone();
    let mut comparable = true;
    items.sort_by(|a, b| match crate::runtime::ops::compare_order(a, b, "<") {
        Ok(o) => o,
        Err(_) => {
            comparable = false;
            std::cmp::Ordering::Equal
        }
    });
    if comparable {
        items
    } else {
        original
    }
}

fn iterable(
    items: &[Value],
    level: usize,
    (left, right): (&str, &str),
    trail: bool,
    future: &dyn Fn(FutureId) -> String,
) -> String {
    let n = items.len();
    let body = if level == 0 && n > 0 {
        FILL.to_string()
    } else {
        let mut pieces: Vec<String> = items
            .iter()
            .take(MAX_ITEMS)
            .map(|x| repr1(x, level.saturating_sub(1), future))
            .collect();
        if n > MAX_ITEMS {
            pieces.push(FILL.to_string());
        }
        pieces.join(", ")
    };
    let trail = if n == 1 && trail { "," } else { "" };
    format!("{left}{body}{trail}{right}")
}

fn repr1(v: &Value, level: usize, future: &dyn Fn(FutureId) -> String) -> String {
    match v {
        Value::Str(s) => {
            let head: String = s.chars().take(MAX_STRING).collect();
            let r = str_repr(&head);
            if r.chars().count() > MAX_STRING {
                cut(str_repr(s), MAX_STRING)
            } else {
                r
            }
        }
        Value::Int(_) | Value::Big(_) => cut(v.repr(), MAX_LONG),
        Value::Tuple(t) => iterable(t, level, ("(", ")"), true, future),
        Value::List(l) => {
            let items = l.0.borrow().clone();
            iterable(&items, level, ("[", "]"), false, future)
        }
        Value::Set(d) => {
            let items = d.borrow().set_order();
            if items.is_empty() {
                return "set()".to_string();
            }
            iterable(&possibly_sorted(items), level, ("{", "}"), false, future)
        }
        Value::Dict(d) => {
            let d = d.borrow();
            let n = d.len();
            if n == 0 {
                return "{}".to_string();
            }
            if level == 0 {
                return format!("{{{FILL}}}");
            }
            let keys = possibly_sorted(d.keys());
            let mut pieces: Vec<String> = keys
                .iter()
                .take(MAX_DICT)
                .map(|k| {
                    let val = k
                        .hash_key()
                        .and_then(|hk| d.get(&hk).cloned())
                        .unwrap_or(Value::None);
                    format!(
                        "{}: {}",
                        repr1(k, level - 1, future),
                        repr1(&val, level - 1, future)
                    )
                })
                .collect();
            if n > MAX_DICT {
                pieces.push(FILL.to_string());
            }
            format!("{{{}}}", pieces.join(", "))
        }
        other => cut(other.repr_with(future), MAX_OTHER),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviates_like_cpython_reprlib() {
        let long = Value::str(&"a".repeat(40));
        let big = crate::runtime::builtins::parse_int(
            "12345678901234567890123456789012345678901234567890",
            10,
        )
        .map(Value::from_big)
        .unwrap_or(Value::None);
        let list = Value::new_list((0..10).map(Value::Int).collect());
        let nested = Value::new_list(vec![Value::new_list(vec![Value::new_list(vec![
            Value::new_list(vec![Value::new_list(vec![Value::new_list(vec![
                Value::new_list(vec![Value::Int(1)]),
            ])])]),
        ])])]);
        let dict = |pairs: Vec<(Value, Value)>| {
            let mut d = crate::runtime::value::Dict::new();
            for (k, v) in pairs {
                if let Some(hk) = k.hash_key() {
                    d.insert(hk, k, v);
                }
            }
            d
        };
        let five = dict(
            (1..=5)
                .map(|i| (Value::Int(6 - i), Value::Int(i)))
                .collect(),
        );
        let long_value = dict(vec![(Value::Int(1), Value::str(&"x".repeat(50)))]);
        let strings = dict(vec![
            (Value::str("b"), Value::None),
            (Value::str("a"), Value::None),
        ]);
        let cell = |d| std::rc::Rc::new(std::cell::RefCell::new(d));
        let cases: Vec<(Value, &str)> = vec![
            (Value::Dict(cell(five)), "{1: 5, 2: 4, 3: 3, 4: 2, ...}"),
            (
                Value::Dict(cell(long_value)),
                "{1: 'xxxxxxxxxxxx...xxxxxxxxxxxxx'}",
            ),
            (Value::Set(cell(strings)), "{'a', 'b'}"),
            (
                Value::Set(cell(crate::runtime::value::Dict::new())),
                "set()",
            ),
            (long, "'aaaaaaaaaaaa...aaaaaaaaaaaaa'"),
            (Value::str("short"), "'short'"),
            (big, "123456789012345678...2345678901234567890"),
            (list, "[0, 1, 2, 3, 4, 5, ...]"),
            (Value::new_tuple(vec![Value::Int(1)]), "(1,)"),
            (Value::new_tuple(vec![]), "()"),
            (nested, "[[[[[[[...]]]]]]]"),
            (Value::Float(3.5), "3.5"),
            (Value::None, "None"),
        ];
        for (v, want) in cases {
            assert_eq!(repr(&v, &|f| format!("<Future #{}>", f.0)), want);
        }
    }
}
