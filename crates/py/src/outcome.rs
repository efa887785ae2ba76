//! What a run produced: stdout with virtual times, stderr, the trace, and
//! how it ended.

use loopscope_sim::Trace;

use crate::front::diagnostic::Diagnostic;
use crate::runtime::limits::{Deadlock, Limit};
use crate::runtime::traceback::Raised;

/// How a run ended.
#[derive(Clone, Debug, PartialEq)]
pub enum ExitKind {
    /// The program finished normally.
    Ok,
    /// The program raised an exception (its traceback is in `stderr`).
    Raised,
    /// A syntax error.
    SyntaxError(Diagnostic),
    /// A construct outside the supported subset.
    Unsupported(Diagnostic),
    /// A limit stopped the run (its `Display` is the English message).
    Limit(Limit),
    /// Nothing could ever run again: who waits for what.
    Deadlock(Deadlock),
}

/// One write to stdout.
#[derive(Clone, Debug, PartialEq)]
pub struct Write {
    /// Virtual time of the `print` call.
    pub time: f64,
    /// The text written (including `end`).
    pub text: String,
}

/// Everything a run produced.
#[derive(Debug)]
pub struct Outcome {
    /// Writes to stdout, in order.
    pub stdout: Vec<Write>,
    /// Everything written to stderr.
    pub stderr: String,
    /// The model's trace (empty when the program did not compile).
    pub trace: Trace,
    /// How the run ended.
    pub exit: ExitKind,
    /// Virtual time at the end.
    pub end_time: f64,
    /// Python operations executed.
    pub ops: u64,
    /// The process exit status CPython would have: 0, 1 after an uncaught
    /// exception, or the code given to `sys.exit`.
    pub exit_code: i32,
    /// The exception that escaped the program, as data: where it was raised
    /// and its traceback (also written to `stderr`).
    pub raised: Option<Raised>,
}

impl Outcome {
    /// The program's stdout as plain text.
    pub fn plain_stdout(&self) -> String {
        self.stdout.iter().map(|w| w.text.as_str()).collect()
    }

    /// stdout with every line prefixed `[T] `, T the virtual time of the
    /// write that started the line (`f"{t:.6f}"`), as `loopscope run --timestamps` prints it.
    pub fn stamped_stdout(&self) -> String {
        let mut out = String::new();
        let mut at_line_start = true;
        for w in &self.stdout {
            let stamp = format!("[{:.6}] ", w.time);
            for piece in w.text.split_inclusive('\n') {
                if at_line_start {
                    out.push_str(&stamp);
                }
                out.push_str(piece);
                at_line_start = piece.ends_with('\n');
            }
        }
        out
    }
}
