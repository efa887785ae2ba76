//! Python-style traceback text for an exception that escaped the program.

use crate::value::Value;

/// Formats `Traceback (most recent call last): ...` for `exc`, with its
/// `__cause__`/`__context__` chain first, as CPython prints it.
pub fn format(exc: &Value) -> String {
    let mut out = String::new();
    write_chain(exc, &mut out, 0);
    out
}

fn write_chain(exc: &Value, out: &mut String, depth: usize) {
    let Value::Exc(e) = exc else {
        out.push_str(&format!("{}\n", exc.repr()));
        return;
    };
    if depth < 10 {
        if let Some(cause) = e.cause.borrow().as_ref() {
            write_chain(cause, out, depth + 1);
            out.push_str(
                "\nThe above exception was the direct cause of the following exception:\n\n",
            );
        } else if !e.suppress_context.get() {
            if let Some(ctx) = e.context.borrow().as_ref() {
                write_chain(ctx, out, depth + 1);
                out.push_str(
                    "\nDuring handling of the above exception, another exception occurred:\n\n",
                );
            }
        }
    }
    let tb = e.traceback.borrow();
    if !tb.is_empty() {
        out.push_str("Traceback (most recent call last):\n");
        // Like CPython, a run of identical entries (deep recursion) is shown
        // three times and then summarised.
        let entries: Vec<_> = tb.iter().rev().collect();
        let mut i = 0;
        while i < entries.len() {
            let e = entries[i];
            let mut j = i + 1;
            while j < entries.len() && entries[j].line == e.line && entries[j].func == e.func {
                j += 1;
            }
            let run = j - i;
            for _ in 0..run.min(3) {
                out.push_str(&format!(
                    "  File \"main.py\", line {}, in {}\n",
                    e.line, e.func
                ));
                let text = &*e.text;
                if !text.is_empty() {
                    out.push_str(&format!("    {text}\n"));
                }
            }
            if run > 3 {
                let more = run - 3;
                let s = if more == 1 { "" } else { "s" };
                out.push_str(&format!("  [Previous line repeated {more} more time{s}]\n"));
            }
            i = j;
        }
    }
    out.push_str(&e.summary());
    out.push('\n');
}
