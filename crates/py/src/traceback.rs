//! Python-style traceback text for an exception that escaped the program.

use crate::compile::LineIndex;
use crate::value::Value;

/// Formats `Traceback (most recent call last): ...` for `exc`, with its
/// `__cause__`/`__context__` chain first, as CPython prints it.
pub fn format(lines: &LineIndex, exc: &Value) -> String {
    let mut out = String::new();
    write_chain(lines, exc, &mut out, 0);
    out
}

fn write_chain(lines: &LineIndex, exc: &Value, out: &mut String, depth: usize) {
    let Value::Exc(e) = exc else {
        out.push_str(&format!("{}\n", exc.repr()));
        return;
    };
    if depth < 10 {
        if let Some(cause) = e.cause.borrow().as_ref() {
            write_chain(lines, cause, out, depth + 1);
            out.push_str(
                "\nThe above exception was the direct cause of the following exception:\n\n",
            );
        } else if !e.suppress_context.get() {
            if let Some(ctx) = e.context.borrow().as_ref() {
                write_chain(lines, ctx, out, depth + 1);
                out.push_str(
                    "\nDuring handling of the above exception, another exception occurred:\n\n",
                );
            }
        }
    }
    let tb = e.traceback.borrow();
    if !tb.is_empty() {
        out.push_str("Traceback (most recent call last):\n");
        for entry in tb.iter().rev() {
            out.push_str(&format!(
                "  File \"main.py\", line {}, in {}\n",
                entry.line, entry.func
            ));
            let text = lines.line_text(entry.line).trim();
            if !text.is_empty() {
                out.push_str(&format!("    {text}\n"));
            }
        }
    }
    out.push_str(&e.summary());
    out.push('\n');
}
