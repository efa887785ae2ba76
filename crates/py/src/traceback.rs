//! Python-style traceback text for an exception that escaped the program.
//!
//! The layout follows CPython 3.12's `traceback.TracebackException.format`,
//! including the boxed tree it draws for exception groups.

use crate::exc::ExcClass;
use crate::value::Value;

/// CPython shows at most this many members of a group.
const MAX_GROUP_WIDTH: usize = 15;

/// Formats `Traceback (most recent call last): ...` for `exc`, with its
/// `__cause__`/`__context__` chain first, as CPython prints it.
pub fn format(exc: &Value) -> String {
    let mut out = String::new();
    write_exc(exc, &mut out, 0, 0);
    out
}

/// Writes `text` line by line with the margin of group depth `depth`.
fn emit(out: &mut String, depth: usize, margin: char, text: &str) {
    for line in text.split('\n') {
        if depth > 0 {
            out.push_str(&"  ".repeat(depth));
            out.push(margin);
            out.push(' ');
        }
        out.push_str(line);
        out.push('\n');
    }
}

fn members(exc: &Value) -> Option<Vec<Value>> {
    let Value::Exc(e) = exc else { return None };
    if !e.class.is_subclass(ExcClass::BaseExceptionGroup) {
        return None;
    }
    Some(match e.args.get(1) {
        Some(Value::List(l)) => l.borrow().clone(),
        Some(Value::Tuple(t)) => (**t).clone(),
        _ => Vec::new(),
    })
}

fn stack_text(exc: &Value) -> String {
    let Value::Exc(e) = exc else {
        return String::new();
    };
    let tb = e.traceback.borrow();
    let mut out = String::new();
    // Like CPython, a run of identical entries (deep recursion) is shown
    // three times and then summarised.
    let entries: Vec<_> = tb.iter().rev().collect();
    let mut i = 0;
    while i < entries.len() {
        let en = entries[i];
        let mut j = i + 1;
        while j < entries.len() && entries[j].line == en.line && entries[j].func == en.func {
            j += 1;
        }
        let run = j - i;
        for _ in 0..run.min(3) {
            out.push_str(&format!(
                "  File \"main.py\", line {}, in {}\n",
                en.line, en.func
            ));
            let stripped = en.text.trim();
            if !stripped.is_empty() {
                out.push_str(&format!("    {stripped}\n"));
                if let Some(carets) = caret_line(en) {
                    out.push_str(&carets);
                }
            }
        }
        if run > 3 {
            let more = run - 3;
            let s = if more == 1 { "" } else { "s" };
            out.push_str(&format!("  [Previous line repeated {more} more time{s}]\n"));
        }
        i = j;
    }
    out
}

/// The `    ^^^^` line CPython 3.12 prints under the part of the line that
/// failed, or `None` when that part is the whole line.
fn caret_line(en: &crate::exc::TbEntry) -> Option<String> {
    let sp = en.span;
    if sp.line != en.line || sp.col == 0 {
        return None;
    }
    let chars: Vec<char> = en.text.chars().collect();
    let lead = chars.iter().take_while(|c| c.is_whitespace()).count();
    let stripped_len = en.text.trim().chars().count();
    let start = (sp.col - 1) as usize;
    let end = if sp.end_line == sp.line {
        (sp.end_col - 1) as usize
    } else {
        en.text.trim_end().chars().count()
    };
    if start < lead || end < start || end > chars.len() {
        return None;
    }
    let anchors = if sp.end_line == sp.line {
        sp.anchors
    } else {
        None
    };
    if end - start >= stripped_len && anchors.is_none() {
        return None;
    }
    // Wide characters take two columns on a terminal, as CPython counts them.
    let width = |from: usize, to: usize| -> usize {
        chars[from.min(chars.len())..to.min(chars.len())]
            .iter()
            .map(|c| unicode_width::UnicodeWidthChar::width(*c).unwrap_or(1))
            .sum()
    };
    let mut out = String::from("    ");
    out.push_str(&" ".repeat(width(lead, start)));
    match anchors {
        Some((l, r)) => {
            let (l, r) = (start + l as usize, start + r as usize);
            out.push_str(&"~".repeat(width(start, l)));
            out.push_str(&"^".repeat(width(l, r)));
            out.push_str(&"~".repeat(width(r, end)));
        }
        None => out.push_str(&"^".repeat(width(start, end))),
    }
    out.push('\n');
    Some(out)
}

fn write_exc(exc: &Value, out: &mut String, depth: usize, chain_depth: usize) {
    let Value::Exc(e) = exc else {
        emit(out, depth, '|', &exc.repr());
        return;
    };
    if chain_depth < 10 {
        if let Some(cause) = e.cause.borrow().as_ref() {
            write_exc(cause, out, depth, chain_depth + 1);
            emit(
                out,
                depth,
                '|',
                "\nThe above exception was the direct cause of the following exception:\n",
            );
        } else if !e.suppress_context.get() {
            if let Some(ctx) = e.context.borrow().as_ref() {
                write_exc(ctx, out, depth, chain_depth + 1);
                emit(
                    out,
                    depth,
                    '|',
                    "\nDuring handling of the above exception, another exception occurred:\n",
                );
            }
        }
    }
    let stack = stack_text(exc);
    match members(exc) {
        None => {
            if !stack.is_empty() {
                emit(out, depth, '|', "Traceback (most recent call last):");
                emit(out, depth, '|', stack.trim_end_matches('\n'));
            }
            emit(out, depth, '|', &e.summary());
        }
        Some(items) => {
            let top = depth == 0;
            let d = if top { 1 } else { depth };
            if !stack.is_empty() {
                emit(
                    out,
                    d,
                    if top { '+' } else { '|' },
                    "Exception Group Traceback (most recent call last):",
                );
                emit(out, d, '|', stack.trim_end_matches('\n'));
            }
            emit(out, d, '|', &e.summary());
            let shown =
                items.len().min(MAX_GROUP_WIDTH) + usize::from(items.len() > MAX_GROUP_WIDTH);
            for i in 0..shown {
                let truncated = i >= MAX_GROUP_WIDTH;
                let title = if truncated {
                    "...".to_string()
                } else {
                    (i + 1).to_string()
                };
                out.push_str(&"  ".repeat(d));
                out.push_str(if i == 0 { "+-" } else { "  " });
                out.push_str(&format!("+---------------- {title} ----------------\n"));
                if truncated {
                    let more = items.len() - MAX_GROUP_WIDTH;
                    let s = if more == 1 { "" } else { "s" };
                    emit(out, d + 1, '|', &format!("and {more} more exception{s}"));
                } else {
                    write_exc(&items[i], out, d + 1, chain_depth);
                }
                let last = i + 1 == shown;
                if last && (truncated || members(&items[i]).is_none()) {
                    out.push_str(&"  ".repeat(d + 1));
                    out.push_str("+------------------------------------\n");
                }
            }
        }
    }
}
