//! One data-driven test over `tests/fixtures/*.py`.
//!
//! Each `NAME.py` has a `NAME.expected` file: the program's stdout as
//! `loopscope run --timestamps` prints it, then (when there is any) a line
//! `--- stderr` followed by the expected stderr, and always a last line
//! `--- exit: KIND` (`ok`, `raised`, `syntax`, `unsupported`, `limit`,
//! `deadlock`), followed by the exit status when `sys.exit` chose another.  Every fixture runs, and all mismatches are reported together.
//!
//! Each fixture also runs recording only its output (`Record::Output`, as
//! `loopscope run` does), which must print exactly the same.
//!
//! A first line `# loopscope-options: cpu_speed=N max_tasks=M max_events=E
//! max_virtual_time=T max_ops=O` runs the fixture with those settings.  `LOOPSCOPE_BLESS=1` writes the
//! expectation of a new fixture (check it against CPython before committing).

use std::path::Path;

fn options(source: &str) -> loopscope_py::Options {
    let mut o = loopscope_py::Options::default();
    if let Some(rest) = source
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("# loopscope-options:"))
    {
        for opt in rest.split_whitespace() {
            if let Some(v) = opt.strip_prefix("cpu_speed=") {
                o.cpu_speed = v.parse().ok();
            }
            if let Some(v) = opt.strip_prefix("max_tasks=") {
                o.limits.max_tasks = v.parse().unwrap_or(o.limits.max_tasks);
            }
            if let Some(v) = opt.strip_prefix("max_events=") {
                o.max_events = v.parse().unwrap_or(o.max_events);
            }
            if let Some(v) = opt.strip_prefix("max_virtual_time=") {
                o.max_virtual_time = v.parse().unwrap_or(o.max_virtual_time);
            }
            if let Some(v) = opt.strip_prefix("max_ops=") {
                o.limits.max_ops = v.parse().unwrap_or(o.limits.max_ops);
            }
        }
    }
    o
}

fn render(source: &str, record: loopscope_py::Record) -> String {
    let out = loopscope_py::run(
        source,
        &loopscope_py::Options {
            record,
            ..options(source)
        },
    );
    let mut s = out.stamped_stdout();
    let (kind, extra) = match &out.exit {
        loopscope_py::ExitKind::Ok => ("ok", String::new()),
        loopscope_py::ExitKind::Raised => ("raised", String::new()),
        loopscope_py::ExitKind::SyntaxError(d) => {
            ("syntax", format!("{}:{}: {}\n", d.line, d.col, d.message))
        }
        loopscope_py::ExitKind::Unsupported(d) => (
            "unsupported",
            format!("{}:{}: {}\n", d.line, d.col, d.message),
        ),
        loopscope_py::ExitKind::Limit(_) => ("limit", String::new()),
        loopscope_py::ExitKind::Deadlock(_) => ("deadlock", String::new()),
    };
    let stderr = format!("{}{extra}", out.stderr);
    if !stderr.is_empty() {
        s.push_str("--- stderr\n");
        s.push_str(&stderr);
    }
    let code = match (kind, out.exit_code) {
        ("ok", 0) | ("raised", 1) | ("syntax" | "unsupported", 2) | ("limit" | "deadlock", 3) => {
            String::new()
        }
        (_, c) => format!(" {c}"),
    };
    s.push_str(&format!("--- exit: {kind}{code}\n"));
    s
}

#[test]
fn fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures dir")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    names.sort();
    assert!(names.len() >= 5, "expected fixtures in {}", dir.display());
    let bless = std::env::var_os("LOOPSCOPE_BLESS").is_some();
    let mut failures = Vec::new();
    for py in &names {
        let source = std::fs::read_to_string(py).expect("read fixture");
        let got = render(&source, loopscope_py::Record::All);
        // `loopscope run` keeps only the output events; what it prints must not change.
        let output_only = render(&source, loopscope_py::Record::Output);
        if output_only != got {
            failures.push(format!(
                "=== {} recording only the output\n--- all events\n{got}--- output only\n{output_only}",
                py.display()
            ));
        }
        let exp_path = py.with_extension("expected");
        if bless && !exp_path.exists() {
            std::fs::write(&exp_path, &got).expect("write expected");
            continue;
        }
        let want = std::fs::read_to_string(&exp_path)
            .unwrap_or_else(|_| format!("(missing {})\n", exp_path.display()));
        if got != want {
            failures.push(format!(
                "=== {}\n--- want\n{want}--- got\n{got}",
                py.file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixtures differ:\n{}",
        failures.len(),
        names.len(),
        failures.join("\n")
    );
}
