//! The CPython oracle as a differential test (see `tests/oracle/README.md`).
//!
//! Every program in `tests/oracle/cases/` has its expected output committed
//! beside it: `NN_name.out` (stdout with `[T] ` timestamps), `NN_name.exit`
//! (the exit status, when it is not 0) and `NN_name.err` (the last line of
//! stderr, when it matters).
//!
//! - `loopscope_matches_cpython`: `loopscope run --timestamps` must reproduce
//!   each expectation exactly, except the cases listed under "Known
//!   differences" in the README, which must still differ (so the list stays
//!   honest).
//! - `cpython_reproduces_the_expectations`: when CPython 3.12 is found, the
//!   oracle runner `tests/oracle/run.py` must reproduce every expectation too,
//!   so that a stale `.out` is caught.
#![allow(clippy::print_stderr)]

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// A case that runs longer than this is a failure (it hangs).
const TIMEOUT: Duration = Duration::from_secs(60);

fn oracle_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/oracle")
}

/// One corpus program and what it must do.
struct Case {
    name: String,
    path: PathBuf,
    out: String,
    exit: i32,
    err: Option<String>,
}

fn cases() -> Vec<Case> {
    let dir = oracle_dir().join("cases");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    paths.sort();
    assert!(
        paths.len() >= 80,
        "the corpus has only {} programs",
        paths.len()
    );
    paths
        .into_iter()
        .map(|path| {
            let read = |ext: &str| std::fs::read_to_string(path.with_extension(ext)).ok();
            Case {
                name: path.file_name().unwrap().to_string_lossy().into_owned(),
                out: read("out").unwrap_or_else(|| panic!("{} has no .out", path.display())),
                exit: read("exit").map_or(0, |s| {
                    s.trim().parse().expect("a .exit file holds a number")
                }),
                err: read("err").map(|s| s.trim_end().to_owned()),
                path,
            }
        })
        .collect()
}

/// What a run printed and how it ended (`status` is `None` when it was killed).
struct Outcome {
    stdout: String,
    stderr: String,
    status: Option<i32>,
}

fn run(command: &mut Command) -> Outcome {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("starting {command:?}: {e}"));
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for a child") {
            break status.code();
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Outcome {
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
        status,
    }
}

/// `Ok` when the outcome is what the case expects; otherwise why not.
fn check(case: &Case, got: &Outcome) -> Result<(), String> {
    let Some(status) = got.status else {
        return Err(format!("did not finish within {TIMEOUT:?}"));
    };
    if got.stdout != case.out {
        let want: Vec<&str> = case.out.split_inclusive('\n').collect();
        let have: Vec<&str> = got.stdout.split_inclusive('\n').collect();
        let line = (0..).find(|&i| want.get(i) != have.get(i)).unwrap();
        let show = |l: Option<&&str>| l.map_or("<end of output>".to_owned(), |l| format!("{l:?}"));
        return Err(format!(
            "stdout differs from line {}:\n      expected: {}\n      got:      {}{}",
            line + 1,
            show(want.get(line)),
            show(have.get(line)),
            stderr_tail(&got.stderr),
        ));
    }
    if status != case.exit {
        return Err(format!(
            "exit status {status}, expected {}{}",
            case.exit,
            stderr_tail(&got.stderr)
        ));
    }
    if let Some(err) = &case.err {
        let last = got.stderr.lines().rev().find(|l| !l.trim().is_empty());
        if last.map(str::trim_end) != Some(err.as_str()) {
            return Err(format!("last line of stderr is {last:?}, expected {err:?}"));
        }
    }
    Ok(())
}

fn stderr_tail(stderr: &str) -> String {
    let lines: Vec<&str> = stderr.lines().collect();
    if lines.is_empty() {
        return String::new();
    }
    let tail = lines[lines.len().saturating_sub(5)..].join("\n        ");
    format!("\n      stderr ends: {tail}")
}

/// Runs `f` on every case on a few threads; results come back in case order.
fn for_each_case<T: Send>(cases: &[Case], f: impl Fn(&Case) -> T + Sync) -> Vec<T> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 8));
    let next = AtomicUsize::new(0);
    let mut results: Vec<(usize, T)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::SeqCst);
                        let Some(case) = cases.get(i) else { break done };
                        done.push((i, f(case)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// The "Known differences" list of the README: case file name → the item's text.
fn known_differences() -> BTreeMap<String, String> {
    let readme =
        std::fs::read_to_string(oracle_dir().join("README.md")).expect("tests/oracle/README.md");
    let mut section = false;
    let mut known = BTreeMap::new();
    for line in readme.lines() {
        if line.starts_with('#') {
            section = line
                .trim_start_matches('#')
                .trim()
                .eq_ignore_ascii_case("known differences");
            continue;
        }
        let Some(item) = line.strip_prefix("- ").filter(|_| section) else {
            continue;
        };
        let name = item
            .split('`')
            .nth(1)
            .filter(|n| n.ends_with(".py"))
            .unwrap_or_else(|| {
                panic!("a Known differences item must start with `NN_name.py`: {item}")
            });
        assert!(
            item.contains("issue "),
            "a Known differences item must name the issue that will fix it: {item}"
        );
        known.insert(name.to_owned(), item.to_owned());
    }
    known
}

#[test]
fn loopscope_matches_cpython() {
    let cases = cases();
    let known = known_differences();
    for name in known.keys() {
        assert!(
            cases.iter().any(|c| &c.name == name),
            "Known differences lists {name}, which is not a case"
        );
    }
    let start = Instant::now();
    let results = for_each_case(&cases, |case| {
        check(
            case,
            &run(Command::new(env!("CARGO_BIN_EXE_loopscope"))
                .args(["run", "--timestamps"])
                .arg(&case.path)),
        )
    });
    let mut failures = Vec::new();
    let mut expected_failures = 0;
    for (case, result) in cases.iter().zip(&results) {
        match (result, known.get(&case.name)) {
            (Ok(()), None) => {}
            (Err(why), Some(item)) => {
                expected_failures += 1;
                eprintln!(
                    "known difference {}: {why}\n    listed as: {item}",
                    case.name
                );
            }
            (Err(why), None) => failures.push(format!("{}: {why}", case.name)),
            (Ok(()), Some(_)) => failures.push(format!(
                "{} now passes: remove it from \"Known differences\" in tests/oracle/README.md",
                case.name
            )),
        }
    }
    let passed = results.iter().filter(|r| r.is_ok()).count();
    eprintln!(
        "oracle: {passed} of {} cases pass against loopscope, {expected_failures} known differences, {} unexpected results ({:.1} s)",
        cases.len(),
        failures.len(),
        start.elapsed().as_secs_f64()
    );
    assert!(
        failures.is_empty(),
        "loopscope differs from CPython:\n  {}",
        failures.join("\n  ")
    );
}

/// CPython 3.12: `LOOPSCOPE_PYTHON`, then `python3.12` on `PATH`, then
/// pyenv's installed 3.12 versions.
fn find_python() -> Option<PathBuf> {
    let is_312 = |p: &Path| {
        Command::new(p).arg("--version").output().is_ok_and(|o| {
            o.status.success() && String::from_utf8_lossy(&o.stdout).starts_with("Python 3.12")
        })
    };
    if let Some(p) = std::env::var_os("LOOPSCOPE_PYTHON") {
        let p = PathBuf::from(p);
        assert!(
            is_312(&p),
            "LOOPSCOPE_PYTHON={} is not CPython 3.12",
            p.display()
        );
        return Some(p);
    }
    if is_312(Path::new("python3.12")) {
        return Some("python3.12".into());
    }
    let root = Command::new("pyenv").arg("root").output().ok()?;
    let versions = PathBuf::from(String::from_utf8_lossy(&root.stdout).trim()).join("versions");
    let mut found: Vec<PathBuf> = std::fs::read_dir(versions)
        .ok()?
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("3.12"))
        .map(|e| e.path().join("bin/python3"))
        .filter(|p| is_312(p))
        .collect();
    found.sort();
    found.pop()
}

#[test]
fn cpython_reproduces_the_expectations() {
    let Some(python) = find_python() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CPython 3.12 not found (set LOOPSCOPE_PYTHON, put python3.12 on PATH, or install it with pyenv)"
        );
        eprintln!(
            "\n*** NOT RUN: CPython 3.12 not found; the expected outputs were not re-checked ***\n"
        );
        return;
    };
    let cases = cases();
    let runner = oracle_dir().join("run.py");
    let start = Instant::now();
    let results = for_each_case(&cases, |case| {
        check(
            case,
            &run(Command::new(&python).arg(&runner).arg(&case.path)),
        )
    });
    let failures: Vec<String> = cases
        .iter()
        .zip(results)
        .filter_map(|(case, r)| r.err().map(|why| format!("{}: {why}", case.name)))
        .collect();
    eprintln!(
        "oracle: CPython ({}) reproduced {} of {} expectations in {:.1} s",
        python.display(),
        cases.len() - failures.len(),
        cases.len(),
        start.elapsed().as_secs_f64()
    );
    assert!(
        failures.is_empty(),
        "the committed expectations are stale (regenerate with tests/oracle/regen.py and review):\n  {}",
        failures.join("\n  ")
    );
}
