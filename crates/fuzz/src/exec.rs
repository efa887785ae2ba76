//! The executor: the child process that runs inputs, one after another.
//!
//! A panic is caught here (`catch_unwind`) and reported as a finding, but a
//! stack overflow or an abort ends the process, and a hang never answers;
//! the parent (`driver`) sees those from outside, which is why inputs run
//! in a separate process at all.  To tell the parent where such a death
//! happened, the child announces each phase of the work (checking, running,
//! formatting the output…) before entering it.
//!
//! Protocol, over the child's stdin and stdout:
//! - parent → child: `target: u8`, `flags: u8`, `len: u32 LE`, `len` bytes of UTF-8;
//! - child → parent: `b'P' phase: u8` before each phase, then
//!   `b'R' status: u8 len: u32 LE` and `len` bytes; status 0 passes, status 1
//!   is a finding whose bytes are `kind \0 key \0 detail`.

use std::cell::RefCell;
use std::io::{Read, Write};
use std::panic::{self, AssertUnwindSafe};

/// The input is a Python program.
pub const TARGET_PYTHON: u8 = b'p';
/// The input is a link fragment.
pub const TARGET_LINK: u8 = b'l';

/// Flag: capture a backtrace when a panic happens (slow; used to describe findings).
pub const FLAG_BACKTRACE: u8 = 1;

/// Flag: run the program a second time and compare (determinism); it
/// doubles the cost, so the parent asks for it on a fraction of the inputs.
pub const FLAG_TWICE: u8 = 2;

/// The stack the executor runs inputs on: what `loopscope run` gets from
/// Linux's default `ulimit -s` on its main thread, so an input that
/// overflows here overflows the CLI too.
pub const STACK_BYTES: usize = 8 << 20;

/// The phases of the work on one input, as announced to the parent.
pub const PHASES: &[(u8, &str)] = &[
    (b'c', "check (parse, scope analysis, compile)"),
    (b't', "tokens (syntax colours)"),
    (b's', "sliders (numeric literals)"),
    (b'r', "run (interpreter and model)"),
    (b'o', "output (stdout, stderr, trace JSON)"),
    (b'd', "drop (freeing the outcome)"),
    (b'2', "second run (determinism)"),
    (b'l', "link round trip"),
    (b'k', "link decode"),
];

/// The words for a phase byte.
pub fn phase_name(phase: u8) -> &'static str {
    PHASES
        .iter()
        .find(|(p, _)| *p == phase)
        .map_or("startup", |(_, n)| n)
}

/// What went wrong with one input, found inside the executor.
struct Found {
    kind: String,
    key: String,
    detail: String,
}

thread_local! {
    /// The last panic on this thread: location, message and (when asked) a backtrace.
    static PANIC: RefCell<Option<(String, String, String)>> = const { RefCell::new(None) };
    static WANT_BACKTRACE: RefCell<bool> = const { RefCell::new(false) };
}

/// The hook records the panic for the reply instead of printing it: the
/// parent reads stderr only for what the runtime prints when it dies.
fn quiet_panics() {
    panic::set_hook(Box::new(|info| {
        let location = info.location().map_or_else(
            || "unknown".to_string(),
            |l| format!("{}:{}", l.file(), l.line()),
        );
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(non-string panic payload)".to_string());
        // A panic inside the standard library or a dependency (an overflow
        // in `i64::neg`, an `unwrap` in a parser) is located by the first
        // frame in Loopscope's own code, which needs the backtrace.
        let foreign = !is_ours(&location);
        let backtrace = if foreign || WANT_BACKTRACE.with(|w| *w.borrow()) {
            trim_backtrace(&std::backtrace::Backtrace::force_capture().to_string())
        } else {
            String::new()
        };
        let location = if foreign {
            backtrace
                .lines()
                .find_map(|l| l.split(" at ").nth(1))
                .map(|ours| {
                    let ours = ours.trim_start_matches("./");
                    // Line and column of the caller; the column is noise for dedup.
                    let ours = ours.rsplit_once(':').map_or(ours, |(a, _)| a);
                    let std_path = location.split("/library/").nth(1).unwrap_or(&location);
                    format!("{ours} (in {std_path})")
                })
                .unwrap_or(location)
        } else {
            location
        };
        PANIC.with(|p| *p.borrow_mut() = Some((location, message, backtrace)));
    }));
}

/// Whether a source path is one of Loopscope's crates (not the standard
/// library, not a registry dependency, not this fuzzer).
pub fn is_ours(path: &str) -> bool {
    let path = path.trim_start_matches("./");
    (path.starts_with("crates/") || path.starts_with("web/") || path.contains("/crates/"))
        && !path.contains("crates/fuzz/")
        && !path.contains(".cargo/registry")
}

/// Runs the executor until stdin closes.
pub fn main() -> std::process::ExitCode {
    quiet_panics();
    let worker = std::thread::Builder::new()
        .name("executor".into())
        .stack_size(STACK_BYTES)
        .spawn(serve);
    match worker.map(|w| w.join()) {
        Ok(Ok(())) => std::process::ExitCode::SUCCESS,
        _ => std::process::ExitCode::FAILURE,
    }
}

fn serve() {
    let mut stdin = std::io::stdin().lock();
    let mut stdout = std::io::stdout().lock();
    loop {
        let mut head = [0u8; 6];
        if stdin.read_exact(&mut head).is_err() {
            return;
        }
        let len = u32::from_le_bytes([head[2], head[3], head[4], head[5]]) as usize;
        let mut body = vec![0u8; len];
        if stdin.read_exact(&mut body).is_err() {
            return;
        }
        let input = String::from_utf8_lossy(&body).into_owned();
        WANT_BACKTRACE.with(|w| *w.borrow_mut() = head[1] & FLAG_BACKTRACE != 0);
        let mut announce = |phase: u8| {
            let _ = stdout.write_all(&[b'P', phase]);
            let _ = stdout.flush();
        };
        let found = run_one(head[0], head[1] & FLAG_TWICE != 0, &input, &mut announce);
        let mut reply = Vec::new();
        match found {
            None => reply.extend_from_slice(&[b'R', 0, 0, 0, 0, 0]),
            Some(f) => {
                let bytes = format!("{}\0{}\0{}", f.kind, f.key, f.detail).into_bytes();
                reply.extend_from_slice(&[b'R', 1]);
                reply.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
                reply.extend_from_slice(&bytes);
            }
        }
        if stdout
            .write_all(&reply)
            .and_then(|()| stdout.flush())
            .is_err()
        {
            return;
        }
    }
}

/// Runs one input through every check, catching panics.
fn run_one(target: u8, twice: bool, input: &str, announce: &mut dyn FnMut(u8)) -> Option<Found> {
    let result = panic::catch_unwind(AssertUnwindSafe(|| match target {
        TARGET_LINK => {
            announce(b'k');
            link_found(crate::link::check(input))
        }
        _ => check_python(input, twice, announce),
    }));
    match result {
        Ok(found) => found,
        Err(_) => {
            let (location, message, backtrace) = PANIC
                .with(|p| p.borrow_mut().take())
                .unwrap_or_else(|| ("unknown".into(), "unknown panic".into(), String::new()));
            Some(Found {
                kind: if target == TARGET_LINK {
                    "link-panic"
                } else {
                    "panic"
                }
                .into(),
                key: location.clone(),
                detail: format!("panicked at {location}: {message}\n{backtrace}"),
            })
        }
    }
}

fn link_found(result: Result<(), (String, String)>) -> Option<Found> {
    result.err().map(|(key, detail)| Found {
        kind: "link-roundtrip".into(),
        key,
        detail,
    })
}

/// The backtrace frames in Loopscope's own sources, which say where to look:
/// `function at file:line:col`, innermost first.
fn trim_backtrace(backtrace: &str) -> String {
    let lines: Vec<&str> = backtrace.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(at) = line.trim_start().strip_prefix("at ") else {
            continue;
        };
        if i == 0 || !is_ours(at) {
            continue;
        }
        let function = lines[i - 1].trim();
        let function = function.split_once(": ").map_or(function, |(_, f)| f);
        out.push(format!("{function} at {}", at.trim_start_matches("./")));
        if out.len() >= 12 {
            break;
        }
    }
    out.join("\n")
}

/// The exit status `loopscope run` gives for an outcome (see `crates/cli/src/main.rs`).
fn cli_exit(outcome: &loopscope_py::Outcome) -> i32 {
    match outcome.exit {
        loopscope_py::ExitKind::Ok | loopscope_py::ExitKind::Raised => {
            outcome.exit_code.clamp(0, 255)
        }
        loopscope_py::ExitKind::SyntaxError(_) | loopscope_py::ExitKind::Unsupported(_) => 2,
        loopscope_py::ExitKind::Limit(_) | loopscope_py::ExitKind::Deadlock(_) => 3,
    }
}

fn check_python(source: &str, twice: bool, announce: &mut dyn FnMut(u8)) -> Option<Found> {
    announce(b'c');
    let checked = loopscope_py::check(source);
    announce(b't');
    let _ = loopscope_py::front::tokens::tokens(source);
    announce(b's');
    let _ = loopscope_py::front::sliders::literals(source);
    announce(b'r');
    // The whole trace is kept, as the page keeps it, but with limits small
    // enough that a runaway program costs milliseconds: what the limits do
    // at full size is the business of tests/hostile, and a fast executor is
    // what lets a campaign reach a million programs.
    let mut options = loopscope_py::Options {
        max_events: 100_000,
        memory_in_use: Some(loopscope_py::MemoryGauge(crate::memory_in_use)),
        ..loopscope_py::Options::default()
    };
    options.limits.max_ops = 2_000_000;
    options.limits.max_tasks = 2_000;
    options.limits.max_threads = 200;
    options.limits.max_output = 1 << 20;
    let outcome = loopscope_py::run(source, &options);
    announce(b'o');
    let stdout = outcome.stamped_stdout();
    if outcome.trace.events.len() < 20_000 {
        let _ = outcome.trace.to_json();
    }
    let exit = cli_exit(&outcome);
    let ended_by_compile = matches!(
        outcome.exit,
        loopscope_py::ExitKind::SyntaxError(_) | loopscope_py::ExitKind::Unsupported(_)
    );
    let summary = (stdout, outcome.stderr.clone(), exit);
    // `sys.exit(n)` and `raise SystemExit(n)` end the program with any
    // status and, for a number, nothing on stderr, as in CPython; any other
    // exception that escapes leaves its traceback in `raised`.
    let own_exit =
        matches!(outcome.exit, loopscope_py::ExitKind::Raised) && outcome.raised.is_none();
    announce(b'd');
    drop(outcome);
    // Other ways out end with 0–3.
    if !(0..=3).contains(&exit) && !own_exit {
        return Some(Found {
            kind: "exit-code".into(),
            key: format!("exit {exit}"),
            detail: format!(
                "loopscope run would exit with {exit}\nstderr: {}",
                clip(&summary.1)
            ),
        });
    }
    // A syntax error's message is the diagnostic, which the CLI prints itself.
    if exit != 0 && !ended_by_compile && summary.1.trim().is_empty() && !own_exit {
        return Some(Found {
            kind: "exit-code".into(),
            key: format!("exit {exit} without a message"),
            detail: "a non-zero exit with nothing on stderr".into(),
        });
    }
    if checked.is_ok() == ended_by_compile {
        return Some(Found {
            kind: "check-mismatch".into(),
            key: format!(
                "check ok: {}, run compiled: {}",
                checked.is_ok(),
                !ended_by_compile
            ),
            detail: format!("check: {checked:?}\nrun stderr: {}", clip(&summary.1)),
        });
    }
    if twice && !ended_by_compile {
        // The same program must give the same output: traces are
        // byte-identical run to run (issue 13, item 4).
        announce(b'2');
        let again = loopscope_py::run(source, &options);
        let second = (
            again.stamped_stdout(),
            again.stderr.clone(),
            cli_exit(&again),
        );
        drop(again);
        if second != summary {
            let what = if second.0 != summary.0 {
                "stdout"
            } else if second.1 != summary.1 {
                "stderr"
            } else {
                "exit"
            };
            return Some(Found {
                kind: "nondeterministic".into(),
                key: format!("{what} differs between two runs"),
                detail: format!(
                    "first stdout: {}\nsecond stdout: {}",
                    clip(&summary.0),
                    clip(&second.0)
                ),
            });
        }
    }
    announce(b'l');
    link_found(crate::link::check_program(source))
}

fn clip(text: &str) -> String {
    let mut end = text.len().min(400);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_string()
}

/// Runs one input in this process, as the executor would (with a
/// backtrace for a panic), and says what happened: `loopscope-fuzz replay`.
/// A stack overflow or an abort ends this process, as it should under gdb.
pub fn replay(target: u8, input: &str) -> String {
    quiet_panics();
    let input = input.to_string();
    let work = std::thread::Builder::new()
        .name("executor".into())
        .stack_size(STACK_BYTES)
        .spawn(move || {
            WANT_BACKTRACE.with(|w| *w.borrow_mut() = true);
            let mut phases = String::new();
            let found = run_one(target, true, &input, &mut |p| {
                phases.push_str(phase_name(p));
                phases.push_str("; ");
            });
            let mut report = format!("phases: {phases}\n");
            let panicked = found.as_ref().is_some_and(|f| f.kind.contains("panic"));
            match found {
                None => report.push_str("passed\n"),
                Some(f) => report.push_str(&format!("{}: {}\n{}\n", f.kind, f.key, f.detail)),
            }
            // The outcome as `loopscope run` would print it (not when it panics).
            if target == TARGET_PYTHON && !panicked {
                let outcome = loopscope_py::run(&input, &loopscope_py::Options::default());
                report.push_str(&format!(
                    "exit {} ({:?})\n--- stdout\n{}--- stderr\n{}",
                    cli_exit(&outcome),
                    outcome.exit,
                    clip(&outcome.plain_stdout()),
                    clip(&outcome.stderr)
                ));
            }
            report
        });
    match work.map(|w| w.join()) {
        Ok(Ok(text)) => text,
        _ => "the executor thread died".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The checks of one program, with the kinds of what they found.
    fn findings(source: &str) -> Option<String> {
        check_python(source, false, &mut |_| {}).map(|f| format!("{}: {}", f.kind, f.key))
    }

    #[test]
    fn a_programs_own_exit_status_is_not_a_finding() {
        // Seed 20261219 reported `raise SystemExit(3)` as "exit 3 without a
        // message": CPython ends it so too.
        assert_eq!(findings("raise SystemExit(3)\n"), None);
        assert_eq!(findings("import sys\nsys.exit(7)\n"), None);
        assert_eq!(findings("raise SystemExit(300)\n"), None);
        // An exception that escapes still prints its traceback.
        assert_eq!(findings("raise ValueError('x')\n"), None);
    }
}
